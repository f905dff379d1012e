import { auth0Options } from './auth0.config';

describe('the auth0-js client options', () => {
  const appConfig = {
    domain: 'tenant.example.auth0.com',
    clientId: 'the-client',
    audience: 'https://api.example.com',
    apiUrl: 'https://api.example.com',
  };

  it('ask for tokens for the API, with the scopes the scoped ping needs, back at /callback', () => {
    expect(auth0Options(appConfig, 'https://app.example.com')).toEqual({
      domain: 'tenant.example.auth0.com',
      clientID: 'the-client',
      redirectUri: 'https://app.example.com/callback',
      responseType: 'token id_token',
      audience: 'https://api.example.com',
      scope: 'openid profile read:messages',
    });
  });

  it('name an issuer other than https://<domain>/ for auth0-js to accept its ID tokens', () => {
    const options = auth0Options({ ...appConfig, tokenIssuer: 'http://localhost:4000/' }, 'http://localhost:3000');

    expect(options.overrides).toEqual({ __token_issuer: 'http://localhost:4000/' });
  });
});
