import type { IWindowService } from 'angular';
import type { AuthConfig } from './auth-config';
import { loginResponseIn, type LoginResponse } from './login-flow';

/**
 * The login response this page was opened with (`loginResponse`: null when there is none), taken out of the address
 * bar as the module loads: before AngularJS's $location first reads the URL, so no router, html5 or `#!/`, ever sees
 * the code or the tokens, and before anything else can read or log them. authService completes the login.
 */
export class LoginResponseProvider {
  static $inject = ['$windowProvider', 'authConfig'];

  readonly #response: LoginResponse | null;

  constructor($windowProvider: { $get(): IWindowService }, authConfig: AuthConfig) {
    const { location, history } = $windowProvider.$get();
    this.#response = loginResponseIn(location, authConfig);
    // Not through $location (not there yet): replaceState changes the address without loading a page.
    if (this.#response) history.replaceState(history.state, '', location.pathname);
  }

  $get(): LoginResponse | null {
    return this.#response;
  }
}
