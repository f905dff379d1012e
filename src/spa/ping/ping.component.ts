import type { IComponentOptions, IHttpResponse, IHttpService, IAugmentedJQuery, ITimeoutService } from 'angular';
import type { AuthService } from '../auth/auth.service';
import type { AppConfig } from '../config/app-config';
import { describePingFailure, AUDIENCE_ADVICE } from './ping-failure';
import { sentRequest, type SentRequest } from './sent-request';
import template from './ping.html';

/** One click's call and what came of it: pending until answered, then the API's message or why it failed. */
export interface PingResult {
  endpoint: PingEndpoint;
  pending: boolean;
  message?: string;
  failure?: string;
  /** The request as it left, once answered. */
  sent?: SentRequest;
}

export interface PingEndpoint {
  label: string;
  path: string;
  /** What the API demands, shown beside the button. */
  requirement: string;
}

export const PUBLIC_PING: PingEndpoint = { label: 'Public ping', path: '/api/public', requirement: 'no token' };
export const SECURED_PING: PingEndpoint = {
  label: 'Secured ping',
  path: '/api/private',
  requirement: 'a valid access token',
};
export const SCOPED_PING: PingEndpoint = {
  label: 'Scoped ping',
  path: '/api/private-scoped',
  requirement: 'an access token with read:messages',
};

/**
 * `/ping`: the original tutorial's "secured ping", one `$http.get` per button, and what came back (the API's message
 * or the reason for a failure) in the page, with the request as it left: angular-jwt's interceptor added the access
 * token (nothing here touches it), and the page shows that header, shortened, and the token's claims the API checked.
 *
 * The public and secured calls are open to everyone, so a logged-out user sees for themselves that the API refuses
 * a call without a token. The scoped call is offered when the authorization server reported `read:messages` among
 * the granted scopes (the `scope` of its response; the token itself is never decoded for this).
 */
export class PingController {
  static $inject = ['$http', '$element', '$timeout', 'authService', 'appConfig'];

  readonly audienceAdvice = AUDIENCE_ADVICE;
  /** The latest call, in flight or answered. */
  result: PingResult | null = null;

  constructor(
    private readonly $http: IHttpService,
    private readonly $element: IAugmentedJQuery,
    private readonly $timeout: ITimeoutService,
    private readonly authService: AuthService,
    readonly appConfig: AppConfig
  ) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  get canCallScoped(): boolean {
    return this.authService.user?.scopes.includes('read:messages') ?? false;
  }

  /** The buttons to show: the scoped one only with a session that was granted its scope. */
  get endpoints(): PingEndpoint[] {
    return this.canCallScoped ? [PUBLIC_PING, SECURED_PING, SCOPED_PING] : [PUBLIC_PING, SECURED_PING];
  }

  /**
   * The session's access token is one the API cannot verify (opaque or encrypted: the login did not ask for the
   * API's Identifier), so no call with it can succeed.
   */
  get audienceProblem(): boolean {
    return this.authService.accessTokenKind() === 'opaque';
  }

  call(endpoint: PingEndpoint): void {
    // Each click gets its own result and the page shows the latest: an earlier, slower answer fills one not shown.
    const result: PingResult = { endpoint, pending: true };
    this.result = result;
    this.$http
      .get<{ message?: unknown }>(`${this.appConfig.apiUrl}${endpoint.path}`)
      .then(
        (response) => {
          const message = response.data?.message;
          result.message = typeof message === 'string' ? message : JSON.stringify(response.data);
          result.sent = sentRequest(response.config);
        },
        (response: IHttpResponse<unknown>) => {
          const sent = response.config?.headers?.Authorization;
          const token = typeof sent === 'string' ? sent.replace(/^Bearer /, '') : null;
          result.failure = describePingFailure(response, this.appConfig.apiUrl, token);
          if (response.config) result.sent = sentRequest(response.config);
        }
      )
      .finally(() => {
        result.pending = false;
        this.#showResult();
      });
  }

  /** On a small screen the answer is drawn below the buttons, out of sight: bring it into view once it is drawn. */
  #showResult(): void {
    this.$timeout(() => this.$element[0].querySelector('.result')?.scrollIntoView({ block: 'nearest' }), 0, false);
  }
}

export const pingComponent: IComponentOptions = { controller: PingController, template };
