import { auth0Options, requestedScope, resolveConfig } from './auth-config';
import type { AuthSessionConfig } from './index';

describe('the session module configuration', () => {
  const config: AuthSessionConfig = {
    domain: 'tenant.example.auth0.com',
    clientId: 'the-client',
    audience: 'https://api.example.com',
    apiUrl: 'https://api.example.com',
    scope: 'openid profile read:messages',
  };
  const base = 'https://app.example.com/';
  const resolved = (changes: Partial<AuthSessionConfig> = {}) => resolveConfig({ ...config, ...changes }, base);

  it('gives auth0-js a code flow back at /callback, for the API, with a refresh token', () => {
    expect(auth0Options(resolved(), 'https://app.example.com')).toEqual({
      domain: 'tenant.example.auth0.com',
      clientID: 'the-client',
      redirectUri: 'https://app.example.com/callback',
      responseType: 'code',
      audience: 'https://api.example.com',
      scope: 'openid profile read:messages offline_access',
    });
  });

  it('asks for tokens in the fragment and no refresh token in the implicit flow', () => {
    const implicit = resolved({ flow: 'implicit', callbackPath: '/' });
    const options = auth0Options(implicit, 'https://app.example.com');

    expect(options.responseType).toBe('token id_token');
    expect(options.redirectUri).toBe('https://app.example.com/');
    expect(requestedScope(implicit)).toBe('openid profile read:messages');
  });

  it("works out the issuer from the domain: Auth0's https://<domain>/, or <domain>/ for a local server", () => {
    expect(resolved().issuer).toBe('https://tenant.example.auth0.com/');
    expect(auth0Options(resolved(), base).overrides).toBeUndefined();

    const local = resolved({ domain: 'http://localhost:4000' });
    expect(local.issuer).toBe('http://localhost:4000/');
    expect(local.authorizationServer).toBe('http://localhost:4000');
    expect(auth0Options(local, base).overrides).toEqual({ __token_issuer: 'http://localhost:4000/' });
  });

  it('takes a named issuer (a custom domain) as it is, and gives it to auth0-js', () => {
    const custom = resolved({ tokenIssuer: 'https://login.example.com/' });

    expect(custom.issuer).toBe('https://login.example.com/');
    expect(auth0Options(custom, base).overrides).toEqual({ __token_issuer: 'https://login.example.com/' });
  });

  it('fills in the defaults: /callback, home at /, and logout back to the base URL of the page', () => {
    const filled = resolveConfig(config, 'https://app.example.com/sub/index.html#!/x');

    expect(filled.flow).toBe('code');
    expect(filled.callbackPath).toBe('/callback');
    expect(filled.homePath).toBe('/');
    expect(filled.logoutReturnTo).toBe('https://app.example.com/sub/');
  });

  it('refuses a configuration with a mistake, naming each one in one sentence', () => {
    const broken = { ...config, clientId: ' ', apiUrl: 'not a url', flow: 'hybrid', callbackPath: 'callback' };

    expect(() => resolveConfig(broken as unknown as AuthSessionConfig, base)).toThrowError(
      "authSessionProvider.configure(): flow is 'code' or 'implicit'; clientId is required; " +
        'apiUrl is not an http(s) URL; callbackPath starts with /.'
    );
    expect(Object.isFrozen(resolved())).toBeTrue();
  });

  it("names auth0-js's spelling of an option, and what to write instead", () => {
    const copied = { ...config, clientID: 'x', redirectUri: 'https://app/callback', colour: 'blue' };

    expect(() => resolveConfig(copied as unknown as AuthSessionConfig, base)).toThrowError(
      "authSessionProvider.configure(): clientID is auth0-js's name: write clientId; redirectUri is auth0-js's name: " +
        'write callbackPath (a path: the origin is the page’s own); colour is no option.'
    );
  });

  it('refuses a tokenIssuer that differs from the issuer only by its trailing slash, saying which to write', () => {
    expect(() => resolved({ domain: 'http://localhost:4000', tokenIssuer: 'http://localhost:4000' })).toThrowError(
      "authSessionProvider.configure(): tokenIssuer lacks the trailing slash the issuer has: write 'http://localhost:4000/', or leave it out."
    );
  });
});
