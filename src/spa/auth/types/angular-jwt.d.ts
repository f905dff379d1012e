/**
 * angular-jwt 0.1.11 has no typings of its own and @types/angular-jwt lacks `jwtOptionsProvider`. Only what this
 * app uses is declared.
 */
declare module 'angular-jwt' {
  import type { Injectable } from 'angular';

  export interface JwtOptions {
    /**
     * Invoked through `$injector` with a local `options`: the `$http` request config, or `null` when authManager
     * asks. Only the array (annotated) form receives `options`; authManager calls a bare function with no arguments.
     */
    tokenGetter?: Injectable<(...args: never[]) => string | null | PromiseLike<string | null>>;
    /** Host names (no scheme, no port) or patterns whose requests may carry the token. */
    whiteListedDomains?: Array<string | RegExp>;
    authHeader?: string;
    authPrefix?: string;
  }

  export interface JwtOptionsProvider {
    config(options: JwtOptions): void;
  }

  export interface AuthManager {
    /** Sets `$rootScope.isAuthenticated` to true. */
    authenticate(): void;
    /** Sets `$rootScope.isAuthenticated` to false. */
    unauthenticate(): void;
    /** Restores `$rootScope.isAuthenticated` from the stored token at the start of every state transition. */
    checkAuthOnRefresh(): void;
    isAuthenticated(): boolean | undefined;
  }

  export interface JwtHelper {
    decodeToken(token: string): unknown;
    isTokenExpired(token: string, offsetSeconds?: number): boolean;
  }

  /** The AngularJS module name, `angular-jwt`. */
  const moduleName: string;
  export default moduleName;
}
