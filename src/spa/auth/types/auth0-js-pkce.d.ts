/**
 * auth0-js sends these to /authorize (they are on its allow-list, helper/parameters-whitelist.js), but
 * @types/auth0-js does not declare them.
 */
import 'auth0-js';

declare module 'auth0-js' {
  interface AuthorizeUrlOptions {
    codeChallenge?: string;
    codeChallengeMethod?: 'S256';
  }
}
