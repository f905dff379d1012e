import type {
  IAugmentedJQuery,
  IComponentOptions,
  IHttpResponse,
  IHttpService,
  ITimeoutService,
  IWindowService,
} from 'angular';
import type { JwtHelper } from 'angular-jwt';
import type { AuthSession } from '../auth';
import type { AppConfig } from '../config/app-config';
import { describePingFailure, AUDIENCE_ADVICE } from './ping-failure';
import { decoderOf, sentRequest, sentToken, type DecodeJwt, type SentRequest } from './sent-request';
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
  /** Whether the API checks the token there (the public endpoint does not look at it). */
  checksToken: boolean;
}

export const PUBLIC_PING: PingEndpoint = {
  label: 'Public ping',
  path: '/api/public',
  requirement: 'no token',
  checksToken: false,
};
export const SECURED_PING: PingEndpoint = {
  label: 'Secured ping',
  path: '/api/private',
  requirement: 'a valid access token',
  checksToken: true,
};
export const SCOPED_PING: PingEndpoint = {
  label: 'Scoped ping',
  path: '/api/private-scoped',
  requirement: 'an access token with read:messages',
  checksToken: true,
};

/**
 * `/ping`: the original tutorial's "secured ping", one `$http.get` per button, showing the API's answer (or why it
 * failed) and the request as it left: angular-jwt's interceptor added the token (nothing here touches it), shown
 * shortened with the claims the API checked. Public and secured are open to all, so a logged-out user sees the API
 * refuse a call without a token; scoped is offered when the server said it granted `read:messages`.
 */
export class PingController {
  static $inject = ['$http', '$element', '$timeout', '$window', 'jwtHelper', 'authSession', 'appConfig'];

  readonly audienceAdvice = AUDIENCE_ADVICE;
  /** The latest call, in flight or answered. */
  result: PingResult | null = null;
  readonly #decode: DecodeJwt;

  constructor(
    private readonly $http: IHttpService,
    private readonly $element: IAugmentedJQuery,
    private readonly $timeout: ITimeoutService,
    private readonly $window: IWindowService,
    jwtHelper: JwtHelper,
    private readonly session: AuthSession,
    readonly appConfig: AppConfig
  ) {
    this.#decode = decoderOf(jwtHelper);
  }

  get loggedIn(): boolean {
    return this.session.isAuthenticated();
  }

  get canCallScoped(): boolean {
    return this.session.user?.scopes.includes('read:messages') ?? false;
  }

  /** The buttons to show: the scoped one only with a session that was granted its scope. */
  get endpoints(): PingEndpoint[] {
    return this.canCallScoped ? [PUBLIC_PING, SECURED_PING, SCOPED_PING] : [PUBLIC_PING, SECURED_PING];
  }

  /** The access token is one the API cannot verify (opaque: the login did not ask for the API's audience). */
  get audienceProblem(): boolean {
    return this.session.user?.accessTokenFormat === 'opaque';
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
          result.sent = sentRequest(response.config, endpoint.checksToken, this.#decode);
        },
        (response: IHttpResponse<unknown>) => {
          const token = sentToken(response.config);
          const sent = token === null ? 'none' : this.#decode(token) ? 'jwt' : 'opaque';
          const origins = { page: this.$window.location.origin, app: this.appConfig.appOrigin };
          result.failure = describePingFailure(response, this.appConfig.apiUrl, sent, origins);
          if (response.config) result.sent = sentRequest(response.config, endpoint.checksToken, this.#decode);
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
