import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import template from './callback.html';

/**
 * Where the authorization server sends the browser back. It finishes the login (authService then goes home), or
 * shows in the page why the login failed, with a way back.
 */
export class CallbackController {
  static $inject = ['authService'];

  failure = '';

  constructor(private readonly authService: AuthService) {}

  $onInit(): void {
    this.authService.handleAuthentication().catch((error: unknown) => {
      this.failure =
        error instanceof Error && error.message ? error.message : 'The login could not be completed. Log in again.';
    });
  }
}

export const callbackComponent: IComponentOptions = { controller: CallbackController, template };
