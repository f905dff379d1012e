import type { IWindowService } from 'angular';
import type { AuthConfig } from './auth-config';

/**
 * What came back to the callback, read before anything is trusted: the `state`, the issuer that says it sent it
 * (RFC 9207), and an error if the server sent one.
 */
export interface LoginResponse {
  state: string | null;
  iss: string | null;
  error?: string;
  errorDescription?: string;
  /** The raw query (code flow) or fragment (implicit flow), for the flow that reads the rest. */
  raw: string;
}

/**
 * The login response in the address bar, or null when this page is not the callback or carries none: the code flow's
 * answer is in the query, the implicit flow's in the fragment.
 */
export function loginResponseIn(location: Location, config: AuthConfig): LoginResponse | null {
  if (location.pathname !== config.callbackPath) return null;
  const raw = config.flow === 'code' ? location.search : location.hash;
  const parameters = new URLSearchParams(raw.replace(/^[?#]/, ''));
  const state = parameters.get('state');
  const error = parameters.get('error') ?? undefined;
  const answers = ['state', 'error', 'code', 'access_token', 'id_token'].some((name) => parameters.has(name));
  if (!answers) return null;
  return {
    state,
    iss: parameters.get('iss'),
    error,
    errorDescription: parameters.get('error_description') ?? undefined,
    raw,
  };
}

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
