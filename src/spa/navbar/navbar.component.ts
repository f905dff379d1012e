import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import template from './navbar.html';

/** Site navigation, and the one Log in / Log out button, which follows the stored session. */
export class NavbarController {
  static $inject = ['authService'];

  constructor(private readonly authService: AuthService) {}

  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  login(): void {
    this.authService.login();
  }

  logout(): void {
    this.authService.logout();
  }
}

export const navbarComponent: IComponentOptions = { controller: NavbarController, template };
