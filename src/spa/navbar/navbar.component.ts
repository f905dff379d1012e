import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import type { SessionNotice } from '../auth/session-notice.service';
import type { SessionRenewal } from '../auth/session-renewal.service';
import template from './navbar.html';

/**
 * Site navigation, the login state in words (a polite live region, so screen readers hear it change), the one
 * Log in / Log out button, and the session note when a session ended without the user asking, with "Log in again"
 * back to the page it ended on.
 */
export class NavbarController {
  static $inject = ['authService', 'sessionRenewal', 'sessionNotice'];

  constructor(
    private readonly authService: AuthService,
    private readonly sessionRenewal: SessionRenewal,
    readonly notice: SessionNotice
  ) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  get sessionState(): string {
    if (this.loggedIn) return 'Logged in';
    return this.sessionRenewal.renewing ? 'Checking your session…' : 'Not logged in';
  }

  login(): void {
    this.authService.login();
  }

  loginAgain(): void {
    this.authService.login({ returnTo: this.notice.returnTo });
  }

  logout(): void {
    this.authService.logout();
  }
}

export const navbarComponent: IComponentOptions = { controller: NavbarController, template };
