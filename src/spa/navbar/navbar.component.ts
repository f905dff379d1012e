import type { IComponentOptions, ILocationService, IWindowService } from 'angular';
import type { AuthSession } from '../auth';
import type { AppConfig } from '../config/app-config';
import template from './navbar.html';

/**
 * Navigation, the login state in words (a live region: screen readers hear it change), the Log in / Log out button,
 * and the session's notice, whose action (such as "Log in again") is then the one way on.
 */
export class NavbarController {
  static $inject = ['$location', '$window', 'authSession', 'appConfig'];

  constructor(
    private readonly $location: ILocationService,
    private readonly $window: IWindowService,
    readonly session: AuthSession,
    readonly appConfig: AppConfig
  ) {}

  get loggedIn(): boolean {
    return this.session.isAuthenticated();
  }

  /** A login response is being completed: no second login is offered meanwhile. */
  get completingLogin(): boolean {
    return this.session.completion.state === 'completing';
  }

  get sessionState(): string {
    if (this.loggedIn) return 'Logged in';
    if (this.completingLogin) return 'Completing your login…';
    return this.session.renewing ? 'Checking your session…' : 'Not logged in';
  }

  /** Opened at another origin than the registered one (127.0.0.1, say), where logins and API calls are refused. */
  get wrongOrigin(): boolean {
    return this.$window.location.origin !== this.appConfig.appOrigin;
  }

  /** This page, at the origin the app is registered at. */
  get registeredUrl(): string {
    return `${this.appConfig.appOrigin}${this.$location.url()}`;
  }

  /** Logs in and comes back to this page. */
  login(): void {
    void this.session.login({ returnTo: this.$location.url() });
  }

  logout(): void {
    void this.session.logout();
  }
}

export const navbarComponent: IComponentOptions = { controller: NavbarController, template };
