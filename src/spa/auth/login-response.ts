import type { SessionConfig } from './auth-config';

/** What came back to the callback, read before anything is trusted: `state`, issuer (RFC 9207), any error. */
export interface LoginResponse {
  state: string | null;
  iss: string | null;
  error?: string;
  errorDescription?: string;
  /** Whether an ID token came with it (the implicit flow), which names its issuer itself. */
  carriesIdToken: boolean;
  /** The raw query (code flow) or fragment (implicit flow), for the flow that reads the rest. */
  raw: string;
}

/** The login response in the address bar (the code flow's query, the implicit flow's fragment), or null. */
export function loginResponseIn(location: Location, config: SessionConfig): LoginResponse | null {
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
    carriesIdToken: parameters.has('id_token'),
    raw,
  };
}

/**
 * The login response the page was opened with, taken out of the address bar as the app is configured: before
 * AngularJS's $location reads the URL, so no router (html5 or `#!/`) and nothing else ever sees the code or tokens.
 */
export function takeLoginResponse(
  window: Pick<Window, 'location' | 'history'>,
  config: SessionConfig
): LoginResponse | null {
  const { location, history } = window;
  const response = loginResponseIn(location, config);
  // Not through $location (not there yet): replaceState changes the address without loading a page.
  if (response) history.replaceState(history.state, '', location.pathname);
  return response;
}
