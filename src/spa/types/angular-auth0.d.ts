/**
 * angular-auth0 3.1 ships no typings. It wraps an auth0-js `WebAuth` built from the options given to
 * `angularAuth0Provider.init()`; every method keeps auth0-js's signature, and callbacks run inside `$evalAsync`.
 * Objects such as `client` are handed over unwrapped: their callbacks run outside any digest.
 * Only what this app calls is declared.
 */
declare module 'angular-auth0' {
  import type {
    Auth0Callback,
    Auth0DecodedHash,
    Auth0ParseHashError,
    AuthOptions,
    Auth0Error,
    Auth0UserProfile,
    AuthorizeOptions,
    CheckSessionOptions,
    LogoutOptions,
  } from 'auth0-js';

  export interface AngularAuth0Provider {
    init(options: AuthOptions): void;
  }

  export interface AngularAuth0 {
    authorize(options?: AuthorizeOptions): void;
    parseHash(callback: Auth0Callback<Auth0DecodedHash | null, Auth0ParseHashError>): void;
    logout(options: LogoutOptions): void;
    /** `timeout` (ms) is an auth0-js option that @types/auth0-js does not list. */
    checkSession(
      options: CheckSessionOptions & { timeout?: number },
      callback: Auth0Callback<Auth0DecodedHash, Auth0Error>
    ): void;
    /** auth0-js's Authentication API client, not wrapped by angular-auth0. */
    client: {
      userInfo(accessToken: string, callback: Auth0Callback<Auth0UserProfile, Auth0Error>): void;
    };
  }

  /** The AngularJS module name, `auth0.auth0`. */
  const moduleName: string;
  export default moduleName;
}
