import type { IComponentOptions, ILocationService, IWindowService } from 'angular';
import type { AuthService } from '../auth/auth.service';
import type { SessionNotice } from '../auth/session-notice.service';
import type { AppConfig } from '../config/app-config';
import template from './navbar.html';

/**
 * Site navigation, the login state in words (a polite live region, so screen readers hear it change), the one
 * Log in / Log out button, and the session note when a session ended without the user asking, whose "Log in again"
 * then is the one way to log in, back to the page the session ended on.
 */
export class NavbarController {
  static $inject = ['$location', '$window', 'authService', 'sessionNotice', 'appConfig'];

  constructor(
    private readonly $location: ILocationService,
    private readonly $window: IWindowService,
    private readonly authService: AuthService,
    readonly notice: SessionNotice,
    readonly appConfig: AppConfig
  ) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  /** A login response is being completed: no second login is offered meanwhile. */
  get completingLogin(): boolean {
    return this.authService.completion.state === 'completing';
  }

  get sessionState(): string {
    if (this.loggedIn) return 'Logged in';
    if (this.completingLogin) return 'Completing your login…';
    return this.authService.renewing ? 'Checking your session…' : 'Not logged in';
  }

  /**
   * The app was opened at an address other than the one it is registered at (127.0.0.1 for localhost, say): the
   * authorization server refuses to send a login back there and the API refuses its calls, so the one action offered
   * is to open the app where it is registered.
   */
  get wrongOrigin(): boolean {
    return this.$window.location.origin !== this.appConfig.appOrigin;
  }

  /** Logs in and comes back to this page. */
  login(): void {
    void this.authService.login({ returnTo: this.$location.url() });
  }

  loginAgain(): void {
    void this.authService.login({ returnTo: this.notice.returnTo });
  }

  logout(): void {
    void this.authService.logout();
  }
}

export const navbarComponent: IComponentOptions = { controller: NavbarController, template };
