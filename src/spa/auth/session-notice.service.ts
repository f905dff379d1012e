import { HOME_PATH } from './return-path';

/**
 * The one note about the session that the app shows in the page (below the navigation bar), with a way to log in:
 * for when the session ended without the user asking (a renewal refused or timed out, the API refused the token),
 * or a page needs a login. It stays until the user dismisses it or logs in, and remembers the page a new login
 * should come back to, and the words of its button.
 */
export class SessionNotice {
  message = '';
  returnTo = HOME_PATH;
  action = 'Log in again';

  get active(): boolean {
    return this.message !== '';
  }

  show(message: string, returnTo: string = HOME_PATH, action = 'Log in again'): void {
    this.message = message;
    this.returnTo = returnTo;
    this.action = action;
  }

  clear(): void {
    this.show('');
  }
}
