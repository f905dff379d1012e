import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import type { SessionRenewal } from '../auth/session-renewal.service';
import template from './home.html';

/** The landing page: whether you are logged in, and what to do next. */
export class HomeController {
  static $inject = ['authService', 'sessionRenewal'];

  constructor(
    private readonly authService: AuthService,
    private readonly sessionRenewal: SessionRenewal
  ) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  /** Stored tokens have expired and a silent renewal is under way: not yet known whether you are logged in. */
  get checking(): boolean {
    return !this.loggedIn && this.sessionRenewal.renewing;
  }

  get expiresAt(): number | null {
    return this.authService.expiresAt();
  }

  get scopes(): string {
    return this.authService.grantedScopes().join(' ');
  }
}

export const homeComponent: IComponentOptions = { controller: HomeController, template };
