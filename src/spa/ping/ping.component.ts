import type { IComponentOptions, IHttpResponse, IHttpService } from 'angular';
import type { AuthService } from '../auth/auth.service';
import type { AppConfig } from '../config/app-config';
import { describePingFailure } from './ping-failure';
import template from './ping.html';

export interface PingEndpoint {
  /** The button's label. */
  label: string;
  path: string;
  /** What the API demands, shown beside the button. */
  requirement: string;
}

export const PING_ENDPOINTS: readonly PingEndpoint[] = [
  { label: 'Public ping', path: '/api/public', requirement: 'no token' },
  { label: 'Secured ping', path: '/api/private', requirement: 'a valid access token' },
  { label: 'Scoped ping', path: '/api/private-scoped', requirement: 'an access token with read:messages' },
];

/**
 * Calls the three API endpoints and shows what came back, the API's message or the reason for a failure, in the page.
 * Every button stays usable when logged out, so a user sees for themselves what the API does without a token.
 */
export class PingController {
  static $inject = ['$http', 'authService', 'appConfig'];

  readonly endpoints = PING_ENDPOINTS;
  /** The endpoint of the call in flight or last answered. */
  current: PingEndpoint | null = null;
  pending = false;
  message = '';
  failure = '';
  private calls = 0;

  constructor(
    private readonly $http: IHttpService,
    private readonly authService: AuthService,
    private readonly appConfig: AppConfig
  ) {}

  get apiUrl(): string {
    return this.appConfig.apiUrl;
  }

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  /** True when logged in without `read:messages`, as reported by the authorization server. */
  get lacksReadMessages(): boolean {
    return this.loggedIn && !this.authService.grantedScopes().includes('read:messages');
  }

  call(endpoint: PingEndpoint): void {
    // Only the latest click may fill the page; an earlier, slower answer is dropped.
    const call = ++this.calls;
    this.current = endpoint;
    this.pending = true;
    this.message = '';
    this.failure = '';
    this.$http.get<{ message?: unknown }>(`${this.appConfig.apiUrl}${endpoint.path}`).then(
      (response) => {
        if (call !== this.calls) return;
        this.pending = false;
        const message = response.data?.message;
        this.message = typeof message === 'string' ? message : JSON.stringify(response.data);
      },
      (response: IHttpResponse<unknown>) => {
        if (call !== this.calls) return;
        this.pending = false;
        this.failure = describePingFailure(response, this.appConfig.apiUrl);
        // The API refused the token this app holds: stop presenting it as a working session.
        if (response.status === 401 && this.authService.isAuthenticated()) this.authService.forgetSession();
      }
    );
  }
}

export const pingComponent: IComponentOptions = { controller: PingController, template };
