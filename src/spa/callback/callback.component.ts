import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import template from './callback.html';

/**
 * Where the authorization server sends the browser back. It finishes the login (authService then goes to the page
 * the login started from), or shows in the page why the login failed (an error from the server, a state mismatch,
 * no answer in time), with a way back home and a way to try again. Never a spinner without end, never `alert()`.
 */
export class CallbackController {
  static $inject = ['authService'];

  failure = '';

  constructor(private readonly authService: AuthService) {}

  login(): void {
    this.authService.login();
  }

  $onInit(): void {
    // handleAuthentication rejects with a LoginError, whose message is for the user.
    this.authService.handleAuthentication().catch((error: Error) => {
      this.failure = error.message;
    });
  }
}

export const callbackComponent: IComponentOptions = { controller: CallbackController, template };
