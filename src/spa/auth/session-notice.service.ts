import { HOME_PATH } from './return-path';

/**
 * The one note about the session that the app shows in the page (below the navigation bar), for when the session
 * ended without the user asking: a renewal refused or timed out, or the API refused the token. It stays until the
 * user dismisses it or logs in again, and remembers the page a new login should come back to.
 */
export class SessionNotice {
  message = '';
  returnTo = HOME_PATH;

  get active(): boolean {
    return this.message !== '';
  }

  show(message: string, returnTo: string = HOME_PATH): void {
    this.message = message;
    this.returnTo = returnTo;
  }

  clear(): void {
    this.show('');
  }
}
