import '../testing/setup';
import type { AuthorizeUrlOptions } from 'auth0-js';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { answerOAuthToken, FAKE_AUTHORIZE_URL, tokenResponse } from '../testing/auth0.testing';
import { loginCompletion, startSpecApp, type SpecApp } from '../testing/app.testing';
import {
  beginLogin,
  clearSession,
  fakeAccessToken,
  fakeIdToken,
  loginsUnderWay,
  returnToOfLogin,
  SENTENCES,
  storedSession,
  storeSession,
} from '../testing/session.testing';
import authSession from './index';
import { LoginTransactions, type LoginTransaction } from './login-transaction';
import { codeChallengeFor } from './pkce';
import { SessionError } from './session-errors';

const CALLBACK_URL = `${window.location.origin}/callback`;

describe('the code flow (Authorization Code with PKCE)', () => {
  let app: SpecApp;
  const logins = new LoginTransactions(() => window.sessionStorage);

  beforeEach(clearSession);
  afterEach(clearSession);

  describe('login()', () => {
    beforeEach(() => {
      app = startSpecApp(authSession);
    });

    /** Starts a login and waits for the code challenge (Web Crypto answers outside AngularJS). */
    async function login(returnTo?: string): Promise<{ url: AuthorizeUrlOptions }> {
      void app.session.login(returnTo === undefined ? {} : { returnTo });
      const asked = app.webAuth.client.buildAuthorizeUrl.calls.count() + 1;
      await app.settleUntil(() => app.webAuth.client.buildAuthorizeUrl.calls.count() >= asked);
      const call = app.webAuth.client.buildAuthorizeUrl.calls.mostRecent();
      return { url: call ? call.args[0] : ({} as AuthorizeUrlOptions) };
    }

    it('builds the /authorize URL for a code with an S256 challenge, back at /callback, and goes there', async () => {
      const { url } = await login();

      expect(url).toEqual(
        jasmine.objectContaining({
          redirectUri: CALLBACK_URL,
          responseType: 'code',
          responseMode: 'query',
          codeChallengeMethod: 'S256',
        })
      );
      expect(app.browser.location.assign).toHaveBeenCalledOnceWith(FAKE_AUTHORIZE_URL);
      expect(app.webAuth.authorize).withContext('the implicit flow is not used').not.toHaveBeenCalled();
    });

    it("sends the S256 challenge of the verifier it keeps for this tab, with this tab's state and nonce", async () => {
      const { url } = await login();

      expect(loginsUnderWay()).toEqual([`authSession.login.${url.state}`]);
      const taken = logins.take(url.state ?? null);
      const kept = taken && 'started' in taken ? taken.started : ({} as LoginTransaction);
      expect(kept.nonce).toBe(url.nonce as string);
      expect(kept.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.codeChallenge).toBe(await codeChallengeFor(kept.codeVerifier as string));
      expect(url.state).not.toBe(url.nonce);
    });

    it('keeps the page to come back to with the login', async () => {
      const { url } = await login('/profile?tab=claims');

      expect(returnToOfLogin(url.state)).toBe('/profile?tab=claims');
    });

    for (const foreign of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      it(`never keeps a return target outside the app: ${foreign}`, async () => {
        const { url } = await login(foreign);

        expect(returnToOfLogin(url.state)).toBe('/');
      });
    }

    it('gives every login its own state, nonce and verifier', async () => {
      const first = (await login()).url;
      const second = (await login()).url;

      expect(second.state).not.toBe(first.state);
      expect(second.nonce).not.toBe(first.nonce);
      expect(second.codeChallenge).not.toBe(first.codeChallenge);
      expect(loginsUnderWay().length).toBe(2);
    });

    it('says so in the notice, and goes nowhere, when auth0-js cannot be loaded; its action tries again', async () => {
      const $q = app.injector.get<angular.IQService>('$q');
      const load = spyOn(app.loader, 'load').and.returnValue($q.reject(new SessionError('library_unavailable')));

      void app.session.login({ returnTo: '/ping' });
      await app.settle();

      expect(app.session.notice?.code).toBe('library_unavailable');
      expect(app.session.notice?.message).toBe(SENTENCES.library_unavailable);
      expect(app.browser.location.assign).not.toHaveBeenCalled();
      load.and.callThrough();
      void app.session.notice?.act();
      expect(await app.returnTarget()).toBe('/ping');
    });
  });

  describe('the callback (the app opened at /callback with a response)', () => {
    let login: LoginTransaction;

    /** Opens /callback with `query` after this tab started a login that returns to `/ping`. */
    function openCallback(query: (login: LoginTransaction) => string): void {
      login = beginLogin({ returnTo: '/ping', codeVerifier: 'the-code-verifier-of-this-tab' });
      app = startSpecApp(authSession, { url: `/callback?${query(login)}` });
    }

    const complete = () => loginCompletion(app);

    const noSession = () => {
      expect(app.session.isAuthenticated()).withContext('authenticated').toBeFalse();
      expect(storedSession()).withContext('stored').toBeNull();
    };

    describe('with a code for a login this tab started', () => {
      beforeEach(() => openCallback(({ state }) => `code=the-code&state=${state}`));

      it('exchanges the code with the verifier, checks the ID token with the nonce, and stores the tokens', async () => {
        const before = Date.now();
        const accessToken = fakeAccessToken(Date.now() + 7_200_000);
        answerOAuthToken(
          app.webAuth,
          null,
          tokenResponse(accessToken, { refreshToken: 'rt-1', idToken: 'the-id-token' })
        );

        expect((await complete()).state).toBe('none');

        expect(app.webAuth.client.oauthToken).toHaveBeenCalledOnceWith(
          {
            grantType: 'authorization_code',
            code: 'the-code',
            codeVerifier: 'the-code-verifier-of-this-tab',
            redirectUri: CALLBACK_URL,
          },
          jasmine.any(Function)
        );
        expect(app.webAuth.validateToken).toHaveBeenCalledOnceWith('the-id-token', login.nonce, jasmine.any(Function));
        expect(storedSession()?.accessToken).toBe(accessToken);
        expect(storedSession()?.idToken).toBe('the-id-token');
        expect(storedSession()?.refreshToken).toBe('rt-1');
        expect(storedSession()?.scope).toBe('openid profile read:messages offline_access');
        const expiresAt = Number(storedSession()?.expiresAt);
        expect(expiresAt).toBeGreaterThanOrEqual(before + 7_200_000);
        expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7_200_000);
        expect(app.session.isAuthenticated()).toBeTrue();
      });

      it('removes the code from the address bar and this history entry, then goes to the page the login began on', async () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));

        await complete();

        expect(app.browser.history.replaceState).toHaveBeenCalledOnceWith(null, '', '/callback');
        expect(app.browser.location.search).toBe('');
        expect(app.$location.url()).toBe('/ping');
      });

      it('records the requested scopes when the answer does not list the granted ones', async () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000), { scope: undefined }));

        await complete();

        expect(app.session.user?.scopes).toEqual(['openid', 'profile', 'read:messages', 'offline_access']);
      });

      it('clears an earlier session note', async () => {
        app.core.endings.needsLogin('/profile', false);
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));

        await complete();

        expect(app.session.notice).toBeNull();
      });

      it('ends in an error and no session when the exchange fails', async () => {
        answerOAuthToken(app.webAuth, {
          statusCode: 400,
          code: 'invalid_grant',
          description: 'grant request is invalid',
        });

        const outcome = await complete();

        expect(outcome.message).toBe('The login failed (invalid_grant: grant request is invalid).');
        expect(app.webAuth.validateToken).not.toHaveBeenCalled();
        noSession();
      });

      it('says the authorization server could not be reached when the exchange got no answer', async () => {
        answerOAuthToken(app.webAuth, { original: new Error('Request has been terminated') } as never);

        expect((await complete()).message).toContain('could not be reached');
        noSession();
      });

      it('ends in an error and no session, refresh token included, when the ID token fails its checks', async () => {
        answerOAuthToken(
          app.webAuth,
          null,
          tokenResponse(fakeAccessToken(Date.now() + 60_000), { refreshToken: 'rt' })
        );
        app.webAuth.validateToken.and.callFake((_token, _nonce, callback) =>
          callback({ error: 'invalid_token', description: 'Nonce (nonce) claim value mismatch' } as never, null)
        );

        const outcome = await complete();

        expect(outcome.message).toBe(
          'The ID token from the authorization server failed its checks (invalid_token: Nonce (nonce) claim value mismatch).'
        );
        noSession();
      });

      it('refuses a token answer without an access token', async () => {
        answerOAuthToken(app.webAuth, null, { idToken: 'it', expiresIn: 60 });

        expect((await complete()).state).toBe('failed');
        noSession();
      });

      it('gives up with an error when the token endpoint never answers', async () => {
        const outcome = await complete();
        expect(outcome.state).toBe('completing');

        app.$timeout.flush();

        expect((await complete()).message).toBe('The authorization server did not answer in time.');
        noSession();
      });

      it('gives up with the same words when the ID token check never ends (its key fetch hangs)', async () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));
        app.webAuth.validateToken.and.callFake(() => undefined);
        const outcome = await complete();
        expect(outcome.state).toBe('completing');

        app.$timeout.flush();

        expect((await complete()).message).toBe('The authorization server did not answer in time.');
        noSession();
      });

      it('says so when the browser refuses to store the session', async () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));
        spyOn(Storage.prototype, 'setItem').and.throwError(new DOMException('denied', 'SecurityError'));

        expect((await complete()).message).toContain('refused to store your session');
        expect(app.session.isAuthenticated()).toBeFalse();
      });

      it('leaves a session that was already there alone when the login fails', async () => {
        const token = storeSession();
        answerOAuthToken(app.webAuth, { statusCode: 400, code: 'invalid_grant' });

        await complete();

        expect(storedSession()?.accessToken).toBe(token);
      });
    });

    describe('opened again with a response whose login this tab completed, or tried to, already', () => {
      /** The earlier page load used the response; this one is a reload or a reopened link. */
      function reopen(): void {
        login = beginLogin({ returnTo: '/ping', codeVerifier: 'v' });
        logins.take(login.state);
        app = startSpecApp(authSession, { url: `/callback?code=the-code&state=${login.state}` });
      }

      it('carries on to where that login was going when a session is stored, exchanging nothing', async () => {
        storeSession();
        reopen();

        expect((await complete()).state).toBe('none');
        expect(app.$location.url()).toBe('/ping');
        expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      });

      it('says the response was used already when no session is stored, exchanging nothing', async () => {
        reopen();

        expect((await complete()).message).toBe(SENTENCES.already_used);
        expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      });
    });

    it('refuses a response whose state this tab never issued: no exchange, no session', async () => {
      openCallback(() => 'code=stolen-code&state=forged-state');
      answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));

      const outcome = await complete();

      expect(outcome.message).toBe(SENTENCES.unrecognised_response);
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      expect(app.browser.location.search).withContext('the code leaves the address bar all the same').toBe('');
      noSession();
      expect(loginsUnderWay())
        .withContext("this tab's own login is still waiting")
        .toEqual([`authSession.login.${login.state}`]);
    });

    it('refuses a response without any state', async () => {
      openCallback(() => 'code=stolen-code');

      expect((await complete()).message).toBe(SENTENCES.unrecognised_response);
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    });

    it("shows only the app's own words for an error with a foreign state, never the sender's", async () => {
      openCallback(
        () =>
          'error=access_denied&state=forged&error_description=' +
          encodeURIComponent('Re-verify your account at http://evil.example/login')
      );

      const outcome = await complete();

      expect(outcome.message).toBe(SENTENCES.unrecognised_response);
      expect(outcome.message).not.toContain('evil');
      noSession();
    });

    it("shows the server's error code and description for an error answering this tab's login", async () => {
      openCallback(({ state }) => `error=access_denied&error_description=The%20user%20refused.&state=${state}`);

      expect((await complete()).message).toBe('The login failed (access_denied: The user refused).');
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      noSession();
    });

    it('bounds the description it shows to 200 characters', async () => {
      const long = 'x'.repeat(5000);
      openCallback(({ state }) => `error=server_error&error_description=${long}&state=${state}`);

      expect((await complete()).message).toBe(`The login failed (server_error: ${'x'.repeat(200)}…).`);
    });

    it('refuses a response for this tab that carries neither a code nor an error', async () => {
      openCallback(({ state }) => `state=${state}`);

      expect((await complete()).message).toBe('The login response carries no authorization code.');
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    });

    it('falls back to a sentence of its own for a failure nobody described', async () => {
      openCallback(({ state }) => `code=c&state=${state}`);
      app.webAuth.client.oauthToken.and.throwError(new TypeError('boom'));

      expect((await complete()).message).toBe(SENTENCES.login_failed);
    });
  });

  describe('the ID token claims', () => {
    it('say who is logged in', () => {
      storeSession({ idToken: fakeIdToken({ sub: 'auth0|1', name: 'Zoë Demo' }) });
      app = startSpecApp(authSession);

      expect(app.session.user?.name).toBe('Zoë Demo');
    });

    it('fall back to the email, then the subject', () => {
      storeSession({ idToken: fakeIdToken({ sub: 'auth0|1', email: 'demo@example.com' }) });
      app = startSpecApp(authSession);
      expect(app.session.user?.name).toBe('demo@example.com');

      storeSession({ idToken: fakeIdToken({ sub: 'auth0|1' }), sessionId: 'another' });
      app.storageChanged();
      expect(app.session.user?.name).toBe('auth0|1');
    });

    it('are not read from an ID token that is junk', () => {
      storeSession({ idToken: 'junk' });
      app = startSpecApp(authSession);

      expect(app.session.user?.name).toBeNull();
    });
  });

  it('is the default flow', () => {
    expect(TEST_APP_CONFIG.flow).toBe('code');
  });
});
