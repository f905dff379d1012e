import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import template from './home.html';

/** The landing page: whether you are logged in, and what to do next. */
export class HomeController {
  static $inject = ['authService'];

  constructor(private readonly authService: AuthService) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  get expiresAt(): number | null {
    return this.authService.expiresAt();
  }

  get scopes(): string {
    return this.authService.grantedScopes().join(' ');
  }
}

export const homeComponent: IComponentOptions = { controller: HomeController, template };
