import type { IPromise, IQService, IRootScopeService, ITimeoutService } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import type { Auth0Error } from 'auth0-js';
import { withReason } from '../auth/auth-error';
import type { AuthService } from '../auth/auth.service';

/** The claims /userinfo answers: `sub` always (OpenID Connect says so), the rest as the granted scopes allow. */
export type UserClaims = Record<string, unknown>;

/** How long the profile page waits for /userinfo before it says so. */
export const USERINFO_TIMEOUT_MS = 15_000;

export const USERINFO_REFUSED_TOKEN =
  'Your session has ended: the authorization server no longer accepts your access token (401). Log in again to ' +
  'continue.';

/** Why the profile could not be loaded, in words for the page. */
function describeFailure(error: Auth0Error): string {
  if (!error.statusCode) {
    return 'The authorization server could not be reached. Check your connection and try again.';
  }
  const code = error.code || error.error || `HTTP ${error.statusCode}`;
  return withReason('Your profile could not be loaded', code, error.description || error.error_description);
}

/**
 * The logged-in user's claims from the authorization server's /userinfo, called with the access token through
 * auth0-js. angular-auth0 hands over auth0-js's `client` unwrapped, so its callback runs outside AngularJS: the
 * answer is settled inside `$evalAsync`, which starts a digest, or the page would not update until something else
 * did. A 401 means the token no longer works: the session ends (with the note), as for the API.
 */
export class UserInfoService {
  static $inject = ['$q', '$rootScope', '$timeout', 'angularAuth0', 'authService'];

  constructor(
    private readonly $q: IQService,
    private readonly $rootScope: IRootScopeService,
    private readonly $timeout: ITimeoutService,
    private readonly angularAuth0: AngularAuth0,
    private readonly authService: AuthService
  ) {}

  /** Rejects with an Error whose message is for the user. */
  load(): IPromise<UserClaims> {
    const token = this.authService.getAccessToken();
    if (token === null) return this.$q.reject(new Error('Log in to see your profile.'));
    const answer = this.$q.defer<UserClaims>();
    const timer = this.$timeout(
      () => answer.reject(new Error('The authorization server did not answer in time. Try again.')),
      USERINFO_TIMEOUT_MS
    );
    this.angularAuth0.client.userInfo(token, (error, claims) => {
      this.$rootScope.$evalAsync(() => {
        if (error) {
          if (error.statusCode === 401 && this.authService.getAccessToken() === token) {
            this.authService.endSession(USERINFO_REFUSED_TOKEN);
          }
          answer.reject(new Error(describeFailure(error)));
        } else answer.resolve(claims as unknown as UserClaims);
      });
    });
    return answer.promise.finally(() => this.$timeout.cancel(timer));
  }
}
