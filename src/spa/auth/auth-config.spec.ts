import { auth0Options, checkAuthConfig, expectedIssuer, requestedScope, type AuthConfig } from './auth-config';

describe('the session module configuration', () => {
  const config: AuthConfig = {
    domain: 'tenant.example.auth0.com',
    clientId: 'the-client',
    audience: 'https://api.example.com',
    apiUrl: 'https://api.example.com',
    scope: 'openid profile read:messages',
    flow: 'code',
    callbackPath: '/callback',
  };

  it('gives auth0-js a code flow back at the callback path, for the API, with a refresh token', () => {
    expect(auth0Options(config, 'https://app.example.com')).toEqual({
      domain: 'tenant.example.auth0.com',
      clientID: 'the-client',
      redirectUri: 'https://app.example.com/callback',
      responseType: 'code',
      audience: 'https://api.example.com',
      scope: 'openid profile read:messages offline_access',
    });
  });

  it('asks for tokens in the fragment and no refresh token in the implicit flow', () => {
    const options = auth0Options({ ...config, flow: 'implicit', callbackPath: '/' }, 'https://app.example.com');

    expect(options.responseType).toBe('token id_token');
    expect(options.redirectUri).toBe('https://app.example.com/');
    expect(requestedScope({ ...config, flow: 'implicit' })).toBe('openid profile read:messages');
  });

  it('names an issuer other than https://<domain>/ for auth0-js, and expects it in login responses', () => {
    const local = { ...config, tokenIssuer: 'http://localhost:4000/' };

    expect(auth0Options(local, 'http://localhost:3000').overrides).toEqual({
      __token_issuer: 'http://localhost:4000/',
    });
    expect(expectedIssuer(local)).toBe('http://localhost:4000/');
    expect(expectedIssuer(config)).toBe('https://tenant.example.auth0.com/');
  });

  it('refuses a configuration with a mistake, naming each one in one sentence', () => {
    const broken = { ...config, clientId: ' ', apiUrl: 'not a url', flow: 'hybrid', callbackPath: 'callback' };

    expect(() => checkAuthConfig(broken as unknown as AuthConfig)).toThrowError(
      "authModule(config): clientId is required; flow is 'code' or 'implicit'; apiUrl is not a URL; " +
        'callbackPath starts with /.'
    );
    expect(Object.isFrozen(checkAuthConfig(config))).toBeTrue();
  });
});
