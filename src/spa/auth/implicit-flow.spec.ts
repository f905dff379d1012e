import '../testing/setup';
import type { Auth0DecodedHash, Auth0ParseHashError } from 'auth0-js';
import { holdCheckSession, renewedTokens } from '../testing/auth0.testing';
import { loginCompletion, startSpecApp, type SpecApp } from '../testing/app.testing';
import {
  beginLogin,
  clearSession,
  fakeAccessToken,
  loginsUnderWay,
  SENTENCES,
  storedSession,
  storeSession,
  storedAccessToken,
} from '../testing/session.testing';
import authSession from './index';
import { LoginTransactions, type LoginTransaction } from './login-transaction';
import { RENEWAL } from './renewal-timing';

/** AUTH0_FLOW=implicit: the original tutorial's flow, with tokens in the fragment and checkSession renewal. */
describe('the implicit flow', () => {
  let app: SpecApp;
  const logins = new LoginTransactions(() => window.sessionStorage);
  const implicit = { flow: 'implicit' } as const;

  beforeEach(clearSession);
  afterEach(clearSession);

  it("logs in with auth0-js authorize, this tab's own state and nonce, and no code verifier", async () => {
    app = startSpecApp(authSession, { config: implicit });

    void app.session.login({ returnTo: '/profile' });
    await app.settle();

    expect(app.webAuth.authorize).toHaveBeenCalledTimes(1);
    const { state, nonce } = app.webAuth.authorize.calls.mostRecent().args[0] ?? {};
    expect(loginsUnderWay()).toEqual([`authSession.login.${state}`]);
    const taken = logins.take(state ?? null);
    const kept = taken && 'started' in taken ? taken.started : ({} as LoginTransaction);
    expect(kept).toEqual(jasmine.objectContaining({ nonce, returnTo: '/profile' }));
    expect(kept.codeVerifier).toBeUndefined();
    expect(app.webAuth.client.buildAuthorizeUrl).not.toHaveBeenCalled();
  });

  describe('on /callback', () => {
    let login: LoginTransaction;
    let hash: string;

    function openCallback(fragment: (login: LoginTransaction) => string): void {
      login = beginLogin({ returnTo: '/ping' });
      hash = `#${fragment(login)}`;
      app = startSpecApp(authSession, { config: implicit, url: `/callback${hash}` });
    }

    function parseHashAnswers(error: Auth0ParseHashError | null, result: Auth0DecodedHash | null = null): void {
      app.webAuth.parseHash.and.callFake((_options, callback) => callback(error, result));
    }

    const complete = () => loginCompletion(app);

    describe("with tokens for this tab's login", () => {
      beforeEach(() => openCallback(({ state }) => `access_token=at&id_token=it&expires_in=7200&state=${state}`));

      it('hands auth0-js the fragment as it arrived, stores the tokens without a refresh token, and goes back', async () => {
        const token = fakeAccessToken(Date.now() + 7_200_000);
        parseHashAnswers(null, { accessToken: token, idToken: 'it', expiresIn: 7200, scope: 'openid read:messages' });

        expect((await complete()).state).toBe('none');

        expect(app.webAuth.parseHash).toHaveBeenCalledOnceWith({ hash }, jasmine.any(Function));
        expect(storedSession()?.accessToken).toBe(token);
        expect(storedSession()?.scope).toBe('openid read:messages');
        expect(storedSession()?.refreshToken).toBeNull();
        expect(app.browser.history.replaceState).toHaveBeenCalledOnceWith(null, '', '/callback');
        expect(app.browser.location.hash).withContext('the tokens leave the address bar').toBe('');
        expect(app.$location.url()).toBe('/ping');
        expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      });

      it("takes the ID token's issuer for RFC 9207's iss, which a server naming itself in every answer leaves out", async () => {
        app.discovery.authorization_response_iss_parameter_supported = true;
        parseHashAnswers(null, { accessToken: fakeAccessToken(Date.now() + 60_000), idToken: 'it', expiresIn: 60 });

        expect((await complete()).state).toBe('none');
        expect(app.webAuth.parseHash).toHaveBeenCalledTimes(1);
      });

      it('records the requested scopes, without offline_access, when the answer lists none', async () => {
        parseHashAnswers(null, { accessToken: 'at', idToken: 'it', expiresIn: 60 });

        await complete();

        expect(storedSession()?.scope).toBe('openid profile read:messages');
      });

      it('explains a state mismatch auth0-js found', async () => {
        parseHashAnswers({ error: 'invalid_token', errorDescription: '`state` does not match.' });

        expect((await complete()).message).toBe(SENTENCES.unrecognised_response);
        expect(storedSession()).toBeNull();
      });

      it('passes on why the ID token was refused', async () => {
        parseHashAnswers({ error: 'invalid_token', errorDescription: 'Nonce (nonce) claim value mismatch' });

        expect((await complete()).message).toBe(
          'The ID token from the authorization server failed its checks (invalid_token: Nonce (nonce) claim value mismatch).'
        );
      });

      it('says the authorization server could not be reached when the signing keys fail to load', async () => {
        parseHashAnswers({ error: 'invalid_token', errorDescription: 'Failed to fetch' });

        expect((await complete()).message).toContain('could not be reached');
      });

      it('says so when there is no login response at all', async () => {
        parseHashAnswers(null, null);

        expect((await complete()).message).toBe('The login response is incomplete.');
      });

      it('refuses a response without an access token, storing nothing', async () => {
        parseHashAnswers(null, { idToken: 'it', expiresIn: 7200 });

        expect((await complete()).message).toBe('The login response is incomplete.');
        expect(storedSession()).toBeNull();
      });

      it('gives up with a message when auth0-js never answers (the signing keys never load)', async () => {
        expect((await complete()).state).toBe('completing');

        app.$timeout.flush();

        expect((await complete()).state).toBe('failed');
        expect(app.session.isAuthenticated()).toBeFalse();
      });
    });

    it('refuses tokens answering a login this tab did not start, without asking auth0-js', async () => {
      openCallback(() => 'access_token=at&id_token=it&expires_in=7200&state=forged');

      expect((await complete()).message).toBe(SENTENCES.unrecognised_response);
      expect(app.webAuth.parseHash).not.toHaveBeenCalled();
      expect(app.browser.location.hash).toBe('');
    });

    it("shows only the app's words for an error with a foreign state", async () => {
      openCallback(() => 'error=access_denied&error_description=Call%20+1-555-EVIL&state=forged');

      expect((await complete()).message).toBe(SENTENCES.unrecognised_response);
    });
  });

  describe('renewal', () => {
    it('asks checkSession, with a timeout, and replaces the stored tokens, with no refresh token', () => {
      storeSession({ expiresAt: Date.now() - 1, scopes: 'openid' });
      app = startSpecApp(authSession, { config: implicit });
      const held = holdCheckSession(app.webAuth);
      const fresh = fakeAccessToken(Date.now() + 7_200_000);

      void app.core.renewal.renew();
      app.$rootScope.$digest();
      return app.settle().then(async () => {
        expect(app.webAuth.checkSession).toHaveBeenCalledOnceWith(
          { timeout: RENEWAL.timeoutMs },
          jasmine.any(Function)
        );
        app.$rootScope.$apply(() => held.answer(null, renewedTokens(fresh, 7200)));
        await app.settle();

        expect(storedAccessToken()).toBe(fresh);
        expect(app.session.user?.scopes).toContain('read:messages');
        expect(storedSession()?.refreshToken).toBeNull();
        expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      });
    });

    it('ends the session with the note on login_required, once', async () => {
      storeSession({ expiresAt: Date.now() - 1 });
      app = startSpecApp(authSession, { config: implicit });
      app.webAuth.checkSession.and.callFake((_options, callback) =>
        callback({ error: 'login_required', error_description: 'Login required' } as never, null as never)
      );

      await app.settle();

      expect(app.session.notice?.message).toBe(
        'Your session could not be renewed (login_required: Login required). Log in again to continue.'
      );
      expect(app.session.isAuthenticated()).toBeFalse();
      expect(app.webAuth.checkSession).toHaveBeenCalledTimes(1);
      expect(app.webAuth.authorize).not.toHaveBeenCalled();
    });

    it('drops a renewal that waited out the minimum interval when the session was logged out meanwhile', async () => {
      storeSession({ expiresAt: Date.now() - 1 });
      app = startSpecApp(authSession, { config: implicit });
      app.webAuth.checkSession.and.callFake((_options, callback) =>
        callback(null, renewedTokens(fakeAccessToken(Date.now() - 60_000), -60))
      );
      await app.settle();
      expect(app.webAuth.checkSession).toHaveBeenCalledTimes(1);

      const token = jasmine.createSpy('token');
      void app.core.freshAccessToken().then(token);
      // Another tab logged out: a new epoch, no session.
      localStorage.setItem('authSession.epoch', 'after-the-logout');
      localStorage.removeItem('authSession');
      app.elapse(RENEWAL.minIntervalMs);
      await app.settle();

      expect(app.webAuth.checkSession).toHaveBeenCalledTimes(1);
      expect(token).toHaveBeenCalledOnceWith(null);
      expect(app.session.notice?.code).toBe('logged_out_elsewhere');
    });

    it('refuses an answer without an access token', async () => {
      storeSession({ expiresAt: Date.now() - 1 });
      app = startSpecApp(authSession, { config: implicit });
      app.webAuth.checkSession.and.callFake((_options, callback) => callback(null, { idToken: 'x' }));

      await app.settle();

      expect(app.session.notice?.message).toContain('could not be renewed (invalid_response');
    });
  });

  it('logs out without revoking anything (there is no refresh token)', async () => {
    storeSession();
    app = startSpecApp(authSession, { config: implicit });

    void app.session.logout();
    await app.settle();

    app.$httpBackend.verifyNoOutstandingRequest();
    expect(app.revokedTokens()).toEqual([]);
    expect(app.webAuth.logout).toHaveBeenCalledOnceWith({ returnTo: `${window.location.origin}/` });
    expect(app.session.isAuthenticated()).toBeFalse();
  });
});
