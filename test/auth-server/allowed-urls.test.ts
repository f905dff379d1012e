/**
 * ALLOWED_CALLBACK_URLS, ALLOWED_LOGOUT_URLS and ALLOWED_WEB_ORIGINS, applied as an Auth0 tenant applies its
 * application's lists: callbacks and logout returns match exactly, web origins get CORS and `web_message` responses.
 * The server runs for this quickstart's app and a second app on another origin, whose callback is its page itself
 * (as in Auth0's auth0-spa-js samples), and a third callback whose origin is not a web origin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ORIGIN, startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';
import { authorizeUrl, formAction, hiddenFields, logIn, random, TestBrowser } from './support/browser';
import { codeRequest, pkcePair, type TokenResponse } from './support/code-flow';

const OTHER_APP = 'http://localhost:5000';
const NOT_A_WEB_ORIGIN = 'http://localhost:6000';

describe('the allowed callback URLs, logout URLs and web origins', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  before(async () => {
    server = await startAuthServer(
      {},
      {
        env: {
          ALLOWED_CALLBACK_URLS: `${APP_ORIGIN}/callback, ${OTHER_APP}, ${NOT_A_WEB_ORIGIN}/cb`,
          ALLOWED_LOGOUT_URLS: OTHER_APP,
          ALLOWED_WEB_ORIGINS: `${APP_ORIGIN}, ${OTHER_APP}`,
        },
      }
    );
  });
  after(() => server.close());

  /** A code-flow authorization request of the other app, whose callback is its own page. */
  const otherAppRequest = (overrides: Record<string, string | undefined> = {}) => {
    const pkce = pkcePair();
    return { pkce, url: authorizeUrl(server, codeRequest(pkce, { redirect_uri: OTHER_APP, ...overrides })) };
  };

  it('sends a login back to a listed callback that is not /callback, and exchanges its code from that origin', async () => {
    const { pkce, url } = otherAppRequest();
    const browser = new TestBrowser(server);
    const loginPage = await browser.navigate(url);
    const { email, password } = server.config.demoUser;
    const callback = await browser.submit(formAction(await loginPage.text()), { email, password });
    const location = new URL(callback.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, `${OTHER_APP}/`);
    const code = location.searchParams.get('code');
    assert.ok(code);

    const exchange = await fetch(`${server.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { origin: OTHER_APP, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: server.config.clientId,
        code,
        code_verifier: pkce.verifier,
        redirect_uri: OTHER_APP,
      }),
    });
    assert.equal(exchange.status, 200, JSON.stringify(await exchange.clone().json()));
    assert.equal(exchange.headers.get('access-control-allow-origin'), OTHER_APP);
    const tokens = (await exchange.json()) as TokenResponse;

    const userinfo = await fetch(`${server.baseUrl}/userinfo`, {
      headers: { origin: OTHER_APP, authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(userinfo.status, 200);
    assert.equal(userinfo.headers.get('access-control-allow-origin'), OTHER_APP);
  });

  it('refuses a callback that differs by a character (a trailing slash, a path) or is no longer listed', async () => {
    for (const redirectUri of [`${OTHER_APP}/`, `${OTHER_APP}/callback`, `${APP_ORIGIN}/`]) {
      const response = await new TestBrowser(server).request(otherAppRequest({ redirect_uri: redirectUri }).url);
      assert.equal(response.status, 400, redirectUri);
      assert.equal(response.headers.get('location'), null, redirectUri);
      assert.match(await response.text(), /not registered/, redirectUri);
    }
  });

  it('answers CORS preflights from the listed web origins only', async () => {
    const preflight = (path: string, origin: string) =>
      fetch(`${server.baseUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    for (const path of ['/oauth/token', '/oauth/revoke', '/userinfo']) {
      for (const origin of [APP_ORIGIN, OTHER_APP]) {
        const allowed = await preflight(path, origin);
        assert.equal(allowed.headers.get('access-control-allow-origin'), origin, `${path} from ${origin}`);
      }
      const refused = await preflight(path, NOT_A_WEB_ORIGIN);
      assert.equal(refused.headers.get('access-control-allow-origin'), null, `${path} from ${NOT_A_WEB_ORIGIN}`);
    }
  });

  it('posts a web_message response to a listed web origin, and to no other, even with a listed callback', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server, codeRequest(pkcePair()));
    const silent = (redirectUri: string) =>
      browser.request(otherAppRequest({ redirect_uri: redirectUri, prompt: 'none', response_mode: 'web_message' }).url);

    const allowed = await silent(OTHER_APP);
    assert.equal(allowed.status, 200);
    const answer = await allowed.text();
    assert.match(answer, /"response":\{"code":"/);
    assert.match(answer, /authorization_response/);

    const refused = await silent(`${NOT_A_WEB_ORIGIN}/cb`);
    assert.equal(refused.status, 400);
    const page = await refused.text();
    assert.doesNotMatch(page, /authorization_response|postMessage/);
    assert.match(page, /allowed web origins only.*ALLOWED_WEB_ORIGINS/);
  });

  it('returns from /v2/logout to a listed logout URL only, exactly', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server, codeRequest(pkcePair()));
    for (const returnTo of [`${OTHER_APP}/`, APP_ORIGIN, `${APP_ORIGIN}/`]) {
      const refused = await browser.navigate(`/v2/logout?client_id=${server.config.clientId}&returnTo=${returnTo}`);
      assert.equal(refused.status, 400, returnTo);
      assert.match(await refused.text(), /not one of its allowed logout URLs/, returnTo);
    }
    const page = await browser.navigate(
      `/v2/logout?client_id=${server.config.clientId}&returnTo=${encodeURIComponent(OTHER_APP)}`
    );
    const html = await page.text();
    const done = await browser.submit(formAction(html), hiddenFields(html));
    // The same address (a browser reads `http://host:port` as `http://host:port/`).
    assert.equal(done.headers.get('location'), `${OTHER_APP}/`);
  });

  it("lets the login and logout forms lead on to every listed callback's and logout URL's origin (CSP)", async () => {
    const loginPage = await new TestBrowser(server).navigate(authorizeUrl(server, codeRequest(pkcePair())));
    const csp = loginPage.headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`form-action 'self' ${APP_ORIGIN} ${OTHER_APP} ${NOT_A_WEB_ORIGIN};`));
    const logoutPage = await new TestBrowser(server).navigate(`/v2/logout?returnTo=${OTHER_APP}&state=${random()}`);
    assert.match(logoutPage.headers.get('content-security-policy') ?? '', new RegExp(`form-action [^;]*${OTHER_APP}`));
  });
});
