import type { IComponentOptions } from 'angular';
import type { AuthSession, LoginCompletion } from '../auth';
import template from './callback.html';

/**
 * Where the authorization server sends the browser back. The session module completes the login as the app starts
 * here (and then goes to the page the login started from); this page shows how that goes, or says why not, with one
 * way on: logged out, the navbar's "Log in"; still logged in (an old or foreign callback URL), a link home. Never a
 * spinner without end, never `alert()`.
 */
export class CallbackController {
  static $inject = ['authSession'];

  constructor(private readonly session: AuthSession) {}

  get completion(): LoginCompletion {
    return this.session.completion;
  }

  /** A failed login response leaves an existing session as it was. */
  get loggedIn(): boolean {
    return this.session.isAuthenticated();
  }
}

export const callbackComponent: IComponentOptions = { controller: CallbackController, template };
