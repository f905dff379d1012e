import type { AppConfig } from '../config/app-config';
import { auth0Options, requestedScopes } from './auth0.config';

describe('the auth0-js client options', () => {
  const appConfig: AppConfig = {
    domain: 'tenant.example.auth0.com',
    clientId: 'the-client',
    audience: 'https://api.example.com',
    apiUrl: 'https://api.example.com',
    appOrigin: 'https://app.example.com',
    flow: 'code',
  };

  it('ask for a code, tokens for the API, the scoped ping scope and a refresh token, back at /callback', () => {
    expect(auth0Options(appConfig, 'https://app.example.com')).toEqual({
      domain: 'tenant.example.auth0.com',
      clientID: 'the-client',
      redirectUri: 'https://app.example.com/callback',
      responseType: 'code',
      audience: 'https://api.example.com',
      scope: 'openid profile read:messages offline_access',
    });
  });

  it('ask for tokens in the fragment and no refresh token in the implicit flow', () => {
    const options = auth0Options({ ...appConfig, flow: 'implicit' }, 'https://app.example.com');

    expect(options.responseType).toBe('token id_token');
    expect(options.scope).toBe('openid profile read:messages');
    expect(requestedScopes({ flow: 'implicit' })).not.toContain('offline_access');
  });

  it('name an issuer other than https://<domain>/ for auth0-js to accept its ID tokens', () => {
    const options = auth0Options({ ...appConfig, tokenIssuer: 'http://localhost:4000/' }, 'http://localhost:3000');

    expect(options.overrides).toEqual({ __token_issuer: 'http://localhost:4000/' });
  });
});
