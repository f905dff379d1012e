import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import template from './home.html';

/** The landing page: who is logged in (or that you just logged out), and what to do next. */
export class HomeController {
  static $inject = ['authService'];

  constructor(private readonly authService: AuthService) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  /** Stored tokens have expired and a renewal is under way: not yet known whether you are logged in. */
  get checking(): boolean {
    return !this.loggedIn && this.authService.renewing;
  }

  /** The browser came back here from logging out. */
  get loggedOut(): boolean {
    return !this.loggedIn && this.authService.loggedOut;
  }

  /** From the ID token's claims (name, email or subject), as stored at login. */
  get userName(): string | null {
    return this.authService.session.userName();
  }

  get expiresAt(): number | null {
    return this.authService.session.expiresAt();
  }

  get scopes(): string {
    return this.authService.session.scopes().join(' ');
  }
}

export const homeComponent: IComponentOptions = { controller: HomeController, template };
