import type { IComponentOptions } from 'angular';
import type { AuthSession, SessionUser } from '../auth';
import type { AppConfig } from '../config/app-config';
import template from './home.html';

/** The landing page: who is logged in (or that you just logged out), what to do next, and how this app logs in. */

/** How each value of AUTH0_FLOW logs in, in the words the home page uses. */
export const FLOW_NAMES: Record<AppConfig['flow'], string> = {
  code: 'Authorization Code with PKCE (AUTH0_FLOW=code)',
  implicit: "the original tutorial's implicit flow (AUTH0_FLOW=implicit)",
};

export class HomeController {
  static $inject = ['authSession', 'appConfig'];

  /** Which login this build uses. */
  readonly flowName: string;
  /** Whether its tokens are bound to this browser's key (DPoP). */
  readonly dpop: boolean;

  constructor(
    private readonly session: AuthSession,
    appConfig: AppConfig
  ) {
    this.flowName = FLOW_NAMES[appConfig.flow];
    this.dpop = appConfig.dpop;
  }

  get loggedIn(): boolean {
    return this.session.isAuthenticated();
  }

  /** Stored tokens have expired and a renewal is under way: not yet known whether you are logged in. */
  get checking(): boolean {
    return !this.loggedIn && this.session.renewing;
  }

  /** The browser came back here from logging out. */
  get loggedOut(): boolean {
    return !this.loggedIn && this.session.loggedOut;
  }

  /** Who is logged in (from the ID token), what the token grants and until when. */
  get user(): SessionUser | null {
    return this.session.user;
  }
}

export const homeComponent: IComponentOptions = { controller: HomeController, template };
