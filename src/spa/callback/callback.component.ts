import type { IComponentOptions } from 'angular';
import type { AuthService } from '../auth/auth.service';
import template from './callback.html';

/**
 * Where the authorization server sends the browser back. It finishes the login (authService then goes to the page
 * the login started from), or says in the page why not, with one way on: logged out, the navbar's "Log in"; still
 * logged in (an old or foreign callback URL), a link home. Never a spinner without end, never `alert()`.
 */
export class CallbackController {
  static $inject = ['authService'];

  failure = '';

  constructor(private readonly authService: AuthService) {}

  /** A failed login response leaves an existing session as it was. */
  get loggedIn(): boolean {
    return this.authService.isAuthenticated();
  }

  $onInit(): void {
    // handleCallback rejects with a LoginError, whose message is for the user.
    this.authService.handleCallback().catch((error: Error) => {
      this.failure = error.message;
    });
  }
}

export const callbackComponent: IComponentOptions = { controller: CallbackController, template };
