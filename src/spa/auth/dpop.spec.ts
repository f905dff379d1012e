import '../testing/setup';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { beginLogin, clearSession, fakeAccessToken, fakeIdToken, storedSession } from '../testing/session.testing';
import { Dpop } from './dpop';
import authSession from './index';
import { base64url } from './pkce';

/** A JWT's header and payload, read without checking anything. */
function decoded(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const part = (index: number) =>
    JSON.parse(atob((jwt.split('.')[index] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  return { header: part(0), payload: part(1) };
}

async function sha256(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** DPoP (RFC 9449), `dpop: true`: the key pair's life, the proofs, and the session that uses them. */
describe('DPoP', () => {
  let app: SpecApp;
  const tokenUrl = `${TEST_APP_CONFIG.domain}/oauth/token`;
  const apiUrl = `${TEST_APP_CONFIG.apiUrl}/api/private`;
  /** Another tab of the same origin: its own Dpop, the same IndexedDB. */
  const anotherTab = () =>
    new Dpop(window, app.injector.get('$q'), app.injector.get('$http'), app.injector.get('$rootScope'));
  const dpopOf = (target: SpecApp) => (target.core as unknown as { dpop: Dpop }).dpop;

  beforeEach(clearSession);
  afterEach(async () => {
    clearSession();
    await new Promise<void>((done) => {
      const deleting = indexedDB.deleteDatabase('authSession');
      deleting.onsuccess = deleting.onerror = deleting.onblocked = () => done();
    });
  });

  /** Resolves a $q promise that settles outside AngularJS (Web Crypto, IndexedDB), digesting meanwhile. */
  async function settled<T>(promise: angular.IPromise<T>): Promise<T> {
    let outcome: { value?: T; error?: unknown } | undefined;
    promise.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error })
    );
    await app.settleUntil(() => outcome !== undefined);
    if (!outcome) throw new Error('never settled');
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  }

  describe('the key pair', () => {
    beforeEach(() => {
      app = startSpecApp(authSession, { session: { dpop: true } });
    });

    it('is ES256, made once per login, with a private half this page cannot export', async () => {
      const dpop = dpopOf(app);
      const id = await settled(dpop.create());
      const proof = await settled(dpop.proof(id, 'GET', apiUrl));
      const { header } = decoded(proof);

      expect(header.alg).toBe('ES256');
      expect(header.typ).toBe('dpop+jwt');
      expect((header.jwk as { kty?: string; d?: string }).kty).toBe('EC');
      expect((header.jwk as { d?: string }).d)
        .withContext('no private part in the proof')
        .toBeUndefined();
      const stored = await new Promise<CryptoKeyPair>((resolve, reject) => {
        const opening = indexedDB.open('authSession');
        opening.onsuccess = () => {
          const get = opening.result.transaction('dpopKeys').objectStore('dpopKeys').get(id);
          get.onsuccess = () => {
            opening.result.close();
            resolve(get.result as CryptoKeyPair);
          };
          get.onerror = () => reject(get.error);
        };
      });
      expect(stored.privateKey.extractable).toBeFalse();
      await expectAsync(crypto.subtle.exportKey('jwk', stored.privateKey)).toBeRejected();
    });

    it('is the same in every tab: another tab signs with the key this one made', async () => {
      const id = await settled(dpopOf(app).create());
      const here = decoded(await settled(dpopOf(app).proof(id, 'GET', apiUrl))).header.jwk;
      const there = decoded(await settled(anotherTab().proof(id, 'GET', apiUrl))).header.jwk;

      expect(there).toEqual(here);
    });

    it('is forgotten at logout, in every tab', async () => {
      const id = await settled(dpopOf(app).create());

      await settled(dpopOf(app).forget());

      await expectAsync(settled(anotherTab().proof(id, 'GET', apiUrl))).toBeRejected();
    });
  });

  describe('a proof', () => {
    beforeEach(() => {
      app = startSpecApp(authSession, { session: { dpop: true } });
    });

    it('is made for one request: its method, its URL without query or fragment, now, with a fresh id', async () => {
      const id = await settled(dpopOf(app).create());
      const before = Math.floor(Date.now() / 1000);

      const first = decoded(await settled(dpopOf(app).proof(id, 'get', `${apiUrl}?x=1#y`))).payload;
      const second = decoded(await settled(dpopOf(app).proof(id, 'get', apiUrl))).payload;

      expect(first.htm).toBe('GET');
      expect(first.htu).toBe(apiUrl);
      expect(first.iat).toBeGreaterThanOrEqual(before);
      expect(first.jti).not.toBe(second.jti);
      expect(first.ath).toBeUndefined();
    });

    it('carries the hash of the access token it goes with (ath)', async () => {
      const id = await settled(dpopOf(app).create());

      const proof = decoded(await settled(dpopOf(app).proof(id, 'GET', apiUrl, 'the-access-token'))).payload;

      expect(proof.ath).toBe(await sha256('the-access-token'));
    });
  });

  describe('the session with dpop: true', () => {
    const tokenAnswer = (tokenType = 'DPoP', refreshToken = 'rt-bound') => ({
      access_token: fakeAccessToken(Date.now() + 3_600_000, { cnf: { jkt: 'thumbprint' } }),
      id_token: fakeIdToken(),
      refresh_token: refreshToken,
      expires_in: 3600,
      scope: 'openid profile read:messages offline_access',
      token_type: tokenType,
    });

    type TokenEndpoint = (proof: string, body: string) => [number, object, Record<string, string>?];
    /** How the token endpoint answers now (a spec may change it after the login). */
    let tokenEndpoint: TokenEndpoint;

    /** Opens the callback of a login this tab began; `answer` answers the token endpoint. */
    async function complete(answer: TokenEndpoint) {
      tokenEndpoint = answer;
      const { state } = beginLogin({ returnTo: '/', codeVerifier: 'the-verifier' });
      app = startSpecApp(authSession, { url: `/callback?code=c&state=${state}`, session: { dpop: true } });
      app.$httpBackend
        .whenPOST(tokenUrl)
        .respond((_method: string, _url: string, body: string, headers: Record<string, string>) =>
          tokenEndpoint(headers.DPoP ?? '', body)
        );
      await app.settleUntil(() => app.session.completion.state !== 'completing');
    }

    it('exchanges the code itself, with a proof for the token endpoint, and keeps the key with the session', async () => {
      const proofs: string[] = [];
      await complete((proof, body) => {
        proofs.push(proof);
        expect(new URLSearchParams(body).get('code_verifier')).toBe('the-verifier');
        return [200, tokenAnswer()];
      });

      expect(app.session.completion.state).toBe('none');
      expect(app.webAuth.client.oauthToken).withContext('auth0-js sends no proof').not.toHaveBeenCalled();
      expect(app.webAuth.validateToken).withContext('auth0-js still checks the ID token').toHaveBeenCalledTimes(1);
      expect(decoded(proofs[0] ?? '').payload).toEqual(jasmine.objectContaining({ htm: 'POST', htu: tokenUrl }));
      expect(storedSession()?.dpopKeyId).toEqual(jasmine.any(String));
    });

    it('takes the nonce the token endpoint asks for, and asks once more with it', async () => {
      const proofs: string[] = [];
      await complete((proof) => {
        proofs.push(proof);
        return proofs.length === 1
          ? [400, { error: 'use_dpop_nonce' }, { 'DPoP-Nonce': 'the-nonce' }]
          : [200, tokenAnswer()];
      });

      expect(proofs.length).toBe(2);
      expect(decoded(proofs[0] ?? '').payload.nonce).toBeUndefined();
      expect(decoded(proofs[1] ?? '').payload.nonce).toBe('the-nonce');
      expect(app.session.isAuthenticated()).toBeTrue();
    });

    it('refuses tokens the server did not bind (a tenant without DPoP), saying what to turn on', async () => {
      await complete(() => [200, tokenAnswer('Bearer')]);

      expect(app.session.completion.code).toBe('dpop_unsupported');
      expect(storedSession()).toBeNull();
    });

    it('sends Authorization: DPoP and a fresh proof for this call, with the token’s hash, to the API', async () => {
      await complete(() => [200, tokenAnswer()]);
      const token = storedSession()?.accessToken ?? '';
      const sent: Array<Record<string, string>> = [];
      app.$httpBackend.expectGET(apiUrl, (headers: Record<string, string>) => sent.push(headers) > 0).respond(200, {});

      void app.injector.get<angular.IHttpService>('$http').get(apiUrl);
      await app.settleUntil(() => sent.length > 0);

      expect(sent[0]?.Authorization).toBe(`DPoP ${token}`);
      const proof = decoded(sent[0]?.DPoP ?? '').payload;
      expect(proof).toEqual(jasmine.objectContaining({ htm: 'GET', htu: apiUrl, ath: await sha256(token) }));
    });

    it("sends the API's call once more with the nonce the API asks for, and only once", async () => {
      await complete(() => [200, tokenAnswer()]);
      const proofs: string[] = [];
      const challenge = { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': 'api-nonce' };
      app.$httpBackend
        .whenGET(apiUrl, (headers: Record<string, string>) => proofs.push(headers.DPoP ?? '') > 0)
        .respond(() => [401, { error: 'use_dpop_nonce' }, challenge]);
      let status = 0;
      void app.injector
        .get<angular.IHttpService>('$http')
        .get(apiUrl)
        .catch((response: { status: number }) => (status = response.status));

      await app.settleUntil(() => status !== 0);

      expect(proofs.length).toBe(2);
      expect(decoded(proofs[1] ?? '').payload.nonce).toBe('api-nonce');
      expect(status).toBe(401);
    });

    it('renews with a proof of the same key, and keeps it', async () => {
      await complete(() => [200, tokenAnswer()]);
      const keyId = storedSession()?.dpopKeyId;
      const login = decoded(await settled(dpopOf(app).proof(keyId ?? '', 'GET', apiUrl))).header.jwk;
      const proofs: string[] = [];
      tokenEndpoint = (proof, body) => {
        proofs.push(proof);
        expect(new URLSearchParams(body).get('refresh_token')).toBe('rt-bound');
        return [200, tokenAnswer('DPoP', 'rt-rotated')];
      };

      app.$timeout.flush(500); // the login's write lets go of the session lock
      void app.core.renewal.renew();
      await app.settleUntil(() => storedSession()?.refreshToken === 'rt-rotated');

      expect(storedSession()?.dpopKeyId).toBe(keyId);
      expect(proofs.length).toBe(1);
      expect(decoded(proofs[0] ?? '').header.jwk)
        .withContext('the key the refresh token is bound to')
        .toEqual(login);
    });

    it('forgets the key at logout', async () => {
      await complete(() => [200, tokenAnswer()]);
      const keyId = storedSession()?.dpopKeyId ?? '';

      void app.session.logout();
      await app.settleUntil(() => app.webAuth.logout.calls.any());

      await expectAsync(settled(anotherTab().proof(keyId, 'GET', apiUrl))).toBeRejected();
    });
  });

  it('is refused with the implicit flow, at start-up', () => {
    expect(() => startSpecApp(authSession, { config: { flow: 'implicit' }, session: { dpop: true } })).toThrowError(
      /dpop needs flow: 'code'/
    );
  });
});
