import '../testing/setup';
import type { AuthorizeUrlOptions } from 'auth0-js';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { answerOAuthToken, FAKE_AUTHORIZE_URL, tokenResponse } from '../testing/auth0.testing';
import { finishCallback, startSpecApp, type SpecApp } from '../testing/app.testing';
import { clearSession, fakeAccessToken, fakeIdToken, loginsUnderWay, storeSession } from '../testing/session.testing';
import authModule from './auth.module';
import { LOGIN_FAILED, LoginError, UNRECOGNISED_RESPONSE } from './auth-error';
import { LoginTransactions, type LoginTransaction } from './login-transaction';
import { codeChallengeFor } from './pkce';
import { STORAGE_KEYS } from './session-store';

const CALLBACK_URL = `${window.location.origin}/callback`;

describe('the code flow (Authorization Code with PKCE)', () => {
  let app: SpecApp;
  const logins = new LoginTransactions(() => window.sessionStorage);

  beforeEach(clearSession);
  afterEach(clearSession);

  describe('login()', () => {
    beforeEach(() => {
      app = startSpecApp(authModule);
    });

    /** Starts a login and waits for the code challenge (Web Crypto answers outside AngularJS). */
    async function login(returnTo?: string): Promise<{ url: AuthorizeUrlOptions }> {
      void app.authService.login(returnTo === undefined ? {} : { returnTo });
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

      expect(loginsUnderWay()).toEqual([`login.${url.state}`]);
      const kept = logins.take(url.state ?? null) as LoginTransaction;
      expect(kept.nonce).toBe(url.nonce as string);
      expect(kept.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.codeChallenge).toBe(await codeChallengeFor(kept.codeVerifier as string));
      expect(url.state).not.toBe(url.nonce);
    });

    it('keeps the page to come back to with the login', async () => {
      const { url } = await login('/profile?tab=claims');

      expect(logins.take(url.state ?? null)?.returnTo).toBe('/profile?tab=claims');
    });

    for (const foreign of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      it(`never keeps a return target outside the app: ${foreign}`, async () => {
        const { url } = await login(foreign);

        expect(logins.take(url.state ?? null)?.returnTo).toBe('/');
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

    it('says so in the note, and goes nowhere, when auth0-js cannot be loaded', async () => {
      const loader = app.injector.get<{ load: jasmine.Spy }>('auth0Loader');
      loader.load.and.callFake(() =>
        app.injector.get<angular.IQService>('$q').reject(new LoginError('The login library could not be loaded.'))
      );

      void app.authService.login({ returnTo: '/ping' });
      await app.settle();

      expect(app.notice.message).toBe('The login library could not be loaded.');
      expect(app.notice.returnTo).toBe('/ping');
      expect(app.browser.location.assign).not.toHaveBeenCalled();
    });
  });

  describe('handleCallback()', () => {
    let login: LoginTransaction;

    /** Opens /callback with `query` after this tab started a login that returns to `/ping`. */
    function openCallback(query: (login: LoginTransaction) => string): void {
      login = logins.begin({ returnTo: '/ping', codeVerifier: 'the-code-verifier-of-this-tab' });
      app = startSpecApp(authModule, { url: `/callback?${query(login)}` });
    }

    const handle = () => finishCallback(app);

    const noSession = () => {
      expect(app.authService.isAuthenticated()).withContext('authenticated').toBeFalse();
      for (const key of Object.values(STORAGE_KEYS)) expect(localStorage.getItem(key)).withContext(key).toBeNull();
    };

    describe('with a code for a login this tab started', () => {
      beforeEach(() => openCallback(({ state }) => `code=the-code&state=${state}`));

      it('exchanges the code with the verifier, checks the ID token with the nonce, and stores the tokens', () => {
        const before = Date.now();
        const accessToken = fakeAccessToken(Date.now() + 7_200_000);
        answerOAuthToken(
          app.webAuth,
          null,
          tokenResponse(accessToken, { refreshToken: 'rt-1', idToken: 'the-id-token' })
        );

        expect(handle().resolved).toBeTrue();

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
        expect(localStorage.getItem(STORAGE_KEYS.accessToken)).toBe(accessToken);
        expect(localStorage.getItem(STORAGE_KEYS.idToken)).toBe('the-id-token');
        expect(localStorage.getItem(STORAGE_KEYS.refreshToken)).toBe('rt-1');
        expect(localStorage.getItem(STORAGE_KEYS.scopes)).toBe('openid profile read:messages offline_access');
        const expiresAt = Number(localStorage.getItem(STORAGE_KEYS.expiresAt));
        expect(expiresAt).toBeGreaterThanOrEqual(before + 7_200_000);
        expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7_200_000);
        expect(app.authService.isAuthenticated()).toBeTrue();
      });

      it('removes the code from the address bar and this history entry, then goes to the page the login began on', () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));

        handle();

        expect(app.browser.history.replaceState).toHaveBeenCalledOnceWith(null, '', '/callback');
        expect(app.browser.location.search).toBe('');
        expect(app.$location.url()).toBe('/ping');
      });

      it('records the requested scopes when the answer does not list the granted ones', () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000), { scope: undefined }));

        handle();

        expect(app.authService.session.scopes()).toEqual(['openid', 'profile', 'read:messages', 'offline_access']);
      });

      it('clears an earlier session note', () => {
        app.notice.show('Your session has ended.');
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));

        handle();

        expect(app.notice.active).toBeFalse();
      });

      it('uses the verifier once: the same callback a second time is refused without an exchange', () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));
        expect(handle().resolved).toBeTrue();
        app.browser.location.go(`/callback?code=the-code&state=${login.state}`);

        const replay = handle();

        expect(replay.error?.message).toBe(UNRECOGNISED_RESPONSE);
        expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
      });

      it('ends in an error and no session when the exchange fails', () => {
        answerOAuthToken(app.webAuth, {
          statusCode: 400,
          code: 'invalid_grant',
          description: 'grant request is invalid',
        });

        const outcome = handle();

        expect(outcome.error?.message).toBe('The login failed (invalid_grant: grant request is invalid).');
        expect(app.webAuth.validateToken).not.toHaveBeenCalled();
        noSession();
      });

      it('says the authorization server could not be reached when the exchange got no answer', () => {
        answerOAuthToken(app.webAuth, { original: new Error('Request has been terminated') } as never);

        expect(handle().error?.message).toContain('could not be reached');
        noSession();
      });

      it('ends in an error and no session, refresh token included, when the ID token fails its checks', () => {
        answerOAuthToken(
          app.webAuth,
          null,
          tokenResponse(fakeAccessToken(Date.now() + 60_000), { refreshToken: 'rt' })
        );
        app.webAuth.validateToken.and.callFake((_token, _nonce, callback) =>
          callback({ error: 'invalid_token', description: 'Nonce (nonce) claim value mismatch' } as never, null)
        );

        const outcome = handle();

        expect(outcome.error?.message).toBe(
          'The ID token from the authorization server failed its checks (invalid_token: Nonce (nonce) claim value mismatch).'
        );
        noSession();
      });

      it('refuses a token answer without an access token', () => {
        answerOAuthToken(app.webAuth, null, { idToken: 'it', expiresIn: 60 });

        expect(handle().error).toEqual(jasmine.any(LoginError));
        noSession();
      });

      it('gives up with an error when the token endpoint never answers', () => {
        const outcome = handle();
        expect(outcome.error).toBeUndefined();

        app.$timeout.flush();

        expect(outcome.error?.message).toBe('The authorization server did not answer in time.');
        noSession();
      });

      it('gives up with the same words when the ID token check never ends (its key fetch hangs)', () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));
        app.webAuth.validateToken.and.callFake(() => undefined);
        const outcome = handle();
        expect(outcome.error).toBeUndefined();

        app.$timeout.flush();

        expect(outcome.error?.message).toBe('The authorization server did not answer in time.');
        noSession();
      });

      it('says so when the browser refuses to store the session', () => {
        answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));
        spyOn(Storage.prototype, 'setItem').and.throwError(new DOMException('denied', 'SecurityError'));

        expect(handle().error?.message).toContain('refused to store your session');
        expect(app.authService.isAuthenticated()).toBeFalse();
      });

      it('leaves a session that was already there alone when the login fails', () => {
        const token = storeSession();
        answerOAuthToken(app.webAuth, { statusCode: 400, code: 'invalid_grant' });

        handle();

        expect(localStorage.getItem(STORAGE_KEYS.accessToken)).toBe(token);
      });
    });

    it('refuses a response whose state this tab never issued: no exchange, no session', () => {
      openCallback(() => 'code=stolen-code&state=forged-state');
      answerOAuthToken(app.webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)));

      const outcome = handle();

      expect(outcome.error?.message).toBe(UNRECOGNISED_RESPONSE);
      expect(outcome.error?.code).toBe('unknown_state');
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      expect(app.browser.location.search).withContext('the code leaves the address bar all the same').toBe('');
      noSession();
      expect(loginsUnderWay())
        .withContext("this tab's own login is still waiting")
        .toEqual([`login.${login.state}`]);
    });

    it('refuses a response without any state', () => {
      openCallback(() => 'code=stolen-code');

      expect(handle().error?.message).toBe(UNRECOGNISED_RESPONSE);
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    });

    it("shows only the app's own words for an error with a foreign state, never the sender's", () => {
      openCallback(
        () =>
          'error=access_denied&state=forged&error_description=' +
          encodeURIComponent('Re-verify your account at http://evil.example/login')
      );

      const { error } = handle();

      expect(error?.message).toBe(UNRECOGNISED_RESPONSE);
      expect(error?.message).not.toContain('evil');
      noSession();
    });

    it("shows the server's error code and description for an error answering this tab's login", () => {
      openCallback(({ state }) => `error=access_denied&error_description=The%20user%20refused.&state=${state}`);

      expect(handle().error?.message).toBe('The login failed (access_denied: The user refused).');
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      noSession();
    });

    it('bounds the description it shows to 200 characters', () => {
      const long = 'x'.repeat(5000);
      openCallback(({ state }) => `error=server_error&error_description=${long}&state=${state}`);

      expect(handle().error?.message).toBe(`The login failed (server_error: ${'x'.repeat(200)}…).`);
    });

    it('refuses a response for this tab that carries neither a code nor an error', () => {
      openCallback(({ state }) => `state=${state}`);

      expect(handle().error?.message).toBe('The login response carries no authorization code.');
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    });

    it('falls back to a sentence of its own for a failure nobody described', () => {
      openCallback(({ state }) => `code=c&state=${state}`);
      app.webAuth.client.oauthToken.and.throwError(new TypeError('boom'));

      expect(handle().error?.message).toBe(LOGIN_FAILED);
    });
  });

  describe('the ID token claims', () => {
    it('say who is logged in', () => {
      storeSession({ idToken: fakeIdToken({ sub: 'auth0|1', name: 'Zoë Demo' }) });
      app = startSpecApp(authModule);

      expect(app.authService.session.userName()).toBe('Zoë Demo');
    });

    it('fall back to the email, then the subject', () => {
      storeSession({ idToken: fakeIdToken({ sub: 'auth0|1', email: 'demo@example.com' }) });
      app = startSpecApp(authModule);
      expect(app.authService.session.userName()).toBe('demo@example.com');

      storeSession({ idToken: fakeIdToken({ sub: 'auth0|1' }) });
      expect(app.authService.session.userName()).toBe('auth0|1');
    });

    it('are not read from an ID token that is junk', () => {
      storeSession({ idToken: 'junk' });
      app = startSpecApp(authModule);

      expect(app.authService.session.userName()).toBeNull();
    });
  });

  it('is the default flow', () => {
    expect(TEST_APP_CONFIG.flow).toBe('code');
  });
});
