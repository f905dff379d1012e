import type { IPromise, IQService, IRootScopeService, ITimeoutService } from 'angular';
import type { Auth0Error, Auth0UserProfile } from 'auth0-js';
import { withReason } from './auth-error';
import { auth0Call, type Auth0CallServices } from './auth0-call';
import type { Auth0Loader } from './auth0-loader.service';
import type { AuthService } from './auth.service';

/** The claims /userinfo answers: `sub` always (OpenID Connect says so), the rest as the granted scopes allow. */
export type UserClaims = Record<string, unknown>;

/** How long the profile page waits for /userinfo before it says so. */
export const USERINFO_TIMEOUT_MS = 15_000;

export const USERINFO_REFUSED_TOKEN =
  'Your session has ended: the authorization server no longer accepts your access token (401). Log in again to ' +
  'continue.';

/** Why the profile could not be loaded, in words for the page. */
function describeFailure(error: Auth0Error & { error?: string }): string {
  if (error.error === 'timeout') return 'The authorization server did not answer in time. Try again.';
  if (!error.statusCode) {
    return 'The authorization server could not be reached. Check your connection and try again.';
  }
  const code = error.code || error.error || `HTTP ${error.statusCode}`;
  return withReason('Your profile could not be loaded', code, error.description || error.error_description);
}

/**
 * The logged-in user's claims from the authorization server's /userinfo, called with the access token through
 * auth0-js (`client.userInfo`). A 401 means the token no longer works: the session ends (with the note), as for the
 * API.
 */
export class UserInfoService {
  static $inject = ['$q', '$rootScope', '$timeout', 'auth0Loader', 'authService'];

  /** What auth0Call needs to settle a callback inside a digest. */
  readonly #calls: Auth0CallServices;

  constructor(
    private readonly $q: IQService,
    $rootScope: IRootScopeService,
    $timeout: ITimeoutService,
    private readonly auth0Loader: Auth0Loader,
    private readonly authService: AuthService
  ) {
    this.#calls = { $q, $rootScope, $timeout };
  }

  /** Rejects with an Error whose message is for the user. */
  load(): IPromise<UserClaims> {
    return this.authService.freshAccessToken().then((token) => {
      if (token === null) return this.$q.reject(new Error('Log in to see your profile.'));
      return this.auth0Loader
        .load()
        .then((webAuth) =>
          auth0Call<Auth0UserProfile>(this.#calls, USERINFO_TIMEOUT_MS, (done) => webAuth.client.userInfo(token, done))
        )
        .then(
          (claims) => claims as unknown as UserClaims,
          (error: Auth0Error) => {
            if (error.statusCode === 401 && this.authService.isCurrentAccessToken(token)) {
              this.authService.endSession(USERINFO_REFUSED_TOKEN);
            }
            return this.$q.reject(new Error(error instanceof Error ? error.message : describeFailure(error)));
          }
        );
    });
  }
}
