import type { IComponentOptions, IHttpResponse, IHttpService } from 'angular';
import type { AuthService } from '../auth/auth.service';
import type { AppConfig } from '../config/app-config';
import { describePingFailure, AUDIENCE_ADVICE } from './ping-failure';
import template from './ping.html';

/** One click's call and what came of it: pending until answered, then the API's message or why it failed. */
export interface PingResult {
  endpoint: PingEndpoint;
  pending: boolean;
  message?: string;
  failure?: string;
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
 * `/ping`: calls the API and shows what came back, the API's message or the reason for a failure, in the page.
 * The public and secured calls are open to everyone, so a logged-out user sees for themselves that the API refuses
 * a call without a token. The part that needs a session (the scoped call) is the guarded child state `ping.secured`,
 * rendered inside this page, which calls through `call()`.
 */
export class PingController {
  static $inject = ['$http', 'authService', 'appConfig'];

  readonly endpoints = [PUBLIC_PING, SECURED_PING];
  readonly audienceAdvice = AUDIENCE_ADVICE;
  /** The latest call, in flight or answered. */
  result: PingResult | null = null;

  constructor(
    private readonly $http: IHttpService,
    private readonly authService: AuthService,
    readonly appConfig: AppConfig
  ) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  /**
   * The build asks for no audience, or the session's access token is one the API cannot verify (opaque or
   * encrypted: the login did not ask for the API's Identifier), so no call with it can succeed.
   */
  get audienceProblem(): boolean {
    return !this.appConfig.audience || this.authService.accessTokenIsVerifiable() === false;
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
        },
        (response: IHttpResponse<unknown>) => {
          const sent = response.config?.headers?.Authorization;
          const token = typeof sent === 'string' ? sent.replace(/^Bearer /, '') : null;
          result.failure = describePingFailure(response, this.appConfig.apiUrl, token);
        }
      )
      .finally(() => {
        result.pending = false;
      });
  }
}

export const pingComponent: IComponentOptions = { controller: PingController, template };
