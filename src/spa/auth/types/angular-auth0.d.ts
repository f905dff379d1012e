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
    Auth0Error,
    Auth0ParseHashError,
    Auth0UserProfile,
    AuthOptions,
    AuthorizeOptions,
    AuthorizeUrlOptions,
    CheckSessionOptions,
    LogoutOptions,
  } from 'auth0-js';

  export interface AngularAuth0Provider {
    init(options: AuthOptions): void;
  }

  /** What `/oauth/token` answers, as auth0-js hands it over (camelCase). */
  export interface OAuthTokenResult {
    accessToken?: string;
    idToken?: string;
    refreshToken?: string;
    expiresIn?: number;
    scope?: string;
    tokenType?: string;
  }

  /**
   * The `/oauth/token` request. auth0-js adds the client's `clientID`, `scope` and `audience` unless given here; a
   * key whose value is undefined is left out of the request.
   */
  export type OAuthTokenOptions =
    | { grantType: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string }
    | { grantType: 'refresh_token'; refreshToken: string; scope: undefined };

  export interface AngularAuth0 {
    authorize(options?: AuthorizeOptions): void;
    parseHash(options: { hash: string }, callback: Auth0Callback<Auth0DecodedHash | null, Auth0ParseHashError>): void;
    /** Checks an ID token's signature (the issuer's JWKS), issuer, audience, expiry, and the nonce when one is given. */
    validateToken(idToken: string, nonce: string | undefined, callback: Auth0Callback<unknown, Auth0Error>): void;
    logout(options: LogoutOptions): void;
    /** `timeout` (ms) is an auth0-js option that @types/auth0-js does not list. */
    checkSession(
      options: CheckSessionOptions & { timeout?: number },
      callback: Auth0Callback<Auth0DecodedHash, Auth0Error>
    ): void;
    /** auth0-js's Authentication API client, not wrapped by angular-auth0. */
    client: {
      buildAuthorizeUrl(options: AuthorizeUrlOptions): string;
      oauthToken(options: OAuthTokenOptions, callback: Auth0Callback<OAuthTokenResult, Auth0Error>): void;
      userInfo(accessToken: string, callback: Auth0Callback<Auth0UserProfile, Auth0Error>): void;
    };
  }

  /** The AngularJS module name, `auth0.auth0`. */
  const moduleName: string;
  export default moduleName;
}
