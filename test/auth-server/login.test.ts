import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { startAuthServer, type AuthServerUnderTest, signingKeys } from './support/auth-server-under-test';
import { APP_ORIGIN, authorizeUrl, callbackParams, formAction, logIn, random, TestBrowser } from './support/browser';

describe('implicit login through the hosted login page', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  let jwks: ReturnType<typeof signingKeys>;
  before(async () => {
    server = await startAuthServer({ flow: 'implicit' });
    jwks = signingKeys(server);
  });
  after(() => server.close());

  it('sends an unauthenticated /authorize to the hosted login page', async () => {
    const browser = new TestBrowser(server);
    const redirect = await browser.request(authorizeUrl(server));
    assert.equal(redirect.status, 303);
    assert.match(redirect.headers.get('location') ?? '', /^\/interaction\/[\w-]+$/);
    // Cookies of every localhost port share one jar, so ours carry a prefix.
    for (const name of browser.jar.names()) assert.match(name, /^quickstart_auth_/);
  });

  it('shows a login page naming the app, with labelled fields, the demo user and a strict CSP', async () => {
    const browser = new TestBrowser(server);
    const page = await browser.navigate(authorizeUrl(server));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<title>[^<]*AngularJS Quickstart[^<]*<\/title>/);
    assert.match(html, /<h1>[^<]*AngularJS Quickstart[^<]*<\/h1>/);
    assert.match(html, /<label for="email">Email<\/label>/);
    assert.match(html, /<input id="email" name="email"/);
    assert.match(html, /<label for="password">Password<\/label>/);
    assert.match(html, /<input id="password" name="password" type="password"/);
    assert.match(html, /<button type="submit">Log in<\/button>/);
    assert.match(html, /Demo user: <code>demo@example\.com<\/code> \/ <code>demo-password<\/code>/);
    assert.doesNotMatch(html, /<script|style=|fonts\.googleapis/);

    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, new RegExp(`form-action 'self' ${APP_ORIGIN}`));
    assert.doesNotMatch(csp, /unsafe/);

    const stylesheet = await fetch(`${server.baseUrl}/assets/auth-server.css`);
    assert.equal(stylesheet.status, 200);
    assert.match(stylesheet.headers.get('content-type') ?? '', /^text\/css/);
  });

  it('shows no password on the login page when DEMO_USER_PASSWORD is set, and accepts that password', async () => {
    const password = 'my-own-secret-4711';
    const custom = await startAuthServer({ flow: 'implicit', demoUser: { email: 'demo@example.com', password } });
    try {
      const browser = new TestBrowser(custom);
      const page = await browser.navigate(authorizeUrl(custom));
      const html = await page.text();
      assert.ok(!html.includes(password));
      assert.doesNotMatch(html, /demo-password/);
      assert.match(
        html,
        /Demo user: <code>demo@example\.com<\/code>, with the password set in <code>DEMO_USER_PASSWORD<\/code>/
      );
      const accepted = await browser.submit(formAction(html), { email: 'demo@example.com', password });
      assert.ok(callbackParams(accepted).get('access_token'));
    } finally {
      await custom.close();
    }
  });

  it('redirects to the callback with tokens that auth0-js and the API accept', async () => {
    const browser = new TestBrowser(server);
    const state = random();
    const nonce = random();
    const params = callbackParams(await logIn(browser, server, { state, nonce }));

    assert.equal(params.get('state'), state);
    assert.equal(params.get('token_type'), 'Bearer');
    assert.equal(params.get('expires_in'), String(server.config.accessTokenLifetime));
    assert.deepEqual(params.get('scope')?.split(' '), ['openid', 'profile', 'email', 'read:messages']);
    const accessToken = params.get('access_token') ?? '';
    const idToken = params.get('id_token') ?? '';

    const issuer = server.config.issuer;
    const access = await jwtVerify(accessToken, jwks, {
      issuer,
      audience: server.config.audience,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    });
    assert.equal(decodeProtectedHeader(accessToken).kid, server.keyId);
    assert.deepEqual(access.payload.aud, [server.config.audience, `${issuer}userinfo`]);
    assert.equal(access.payload.azp, server.config.clientId);
    assert.equal(access.payload.sub, 'demo-user');
    assert.ok((access.payload.scope as string).split(' ').includes('read:messages'));
    const lifetime = (access.payload.exp ?? 0) - (access.payload.iat ?? 0);
    assert.equal(lifetime, server.config.accessTokenLifetime);
    assert.ok(Math.abs((access.payload.exp ?? 0) - (Date.now() / 1000 + lifetime)) < 10);

    const id = await jwtVerify(idToken, jwks, { issuer, audience: server.config.clientId, algorithms: ['RS256'] });
    assert.equal(id.payload.nonce, nonce);
    assert.equal(id.payload.sub, 'demo-user');
    assert.equal(id.payload.email, 'demo@example.com');
    // at_hash: the left half of the SHA-256 of the access token (OIDC Core 3.2.2.9); auth0-js checks it.
    const digest = createHash('sha256').update(accessToken).digest();
    assert.equal(id.payload.at_hash, digest.subarray(0, 16).toString('base64url'));
  });

  it('grants only the API scopes that were asked for', async () => {
    const browser = new TestBrowser(server);
    const params = callbackParams(await logIn(browser, server, { scope: 'openid write:messages' }));
    assert.deepEqual(params.get('scope')?.split(' '), ['openid', 'write:messages']);
  });

  it('refuses a wrong password, keeping the email, and accepts the right one afterwards', async () => {
    const browser = new TestBrowser(server);
    const page = await browser.navigate(authorizeUrl(server));
    const action = formAction(await page.text());

    const refused = await browser.submit(action, { email: 'demo@example.com', password: 'not-the-password' });
    assert.equal(refused.status, 200);
    assert.equal(refused.headers.get('location'), null);
    const html = await refused.text();
    assert.match(html, /role="alert"[^>]*>[^<]*wrong email or password/i);
    assert.match(html, /<input id="email" name="email"[^>]*value="demo@example\.com"/);

    const { email, password } = server.config.demoUser;
    const accepted = await browser.submit(action, { email, password });
    assert.ok(callbackParams(accepted).get('access_token'));
  });

  it('refuses an unknown email with the same message', async () => {
    const browser = new TestBrowser(server);
    const page = await browser.navigate(authorizeUrl(server));
    const refused = await browser.submit(formAction(await page.text()), {
      email: 'someone@example.com',
      password: server.config.demoUser.password,
    });
    assert.equal(refused.headers.get('location'), null);
    assert.match(await refused.text(), /role="alert"[^>]*>[^<]*wrong email or password/i);
  });

  it('grants no code (AUTH0_FLOW=implicit): the implicit response types only', async () => {
    const discovery = await fetch(`${server.baseUrl}/.well-known/openid-configuration`);
    const supported = ((await discovery.json()) as { response_types_supported: string[] }).response_types_supported;
    assert.deepEqual(supported.sort(), ['id_token', 'id_token token']);
    const response = await new TestBrowser(server).request(
      authorizeUrl(server, {
        response_type: 'code',
        code_challenge: random() + random(),
        code_challenge_method: 'S256',
      })
    );
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('error'), 'unsupported_response_type');
    assert.equal(location.searchParams.get('code'), null);
  });

  it('refuses an unregistered redirect_uri with a readable page, not a redirect', async () => {
    const browser = new TestBrowser(server);
    const response = await browser.request(authorizeUrl(server, { redirect_uri: `${APP_ORIGIN}/elsewhere` }));
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /not registered/);
    assert.match(html, /redirect_uri/);
    assert.doesNotMatch(html, /fonts\.googleapis|\n\s+at /);
  });

  it('sends an unknown audience back to the app as an error', async () => {
    const browser = new TestBrowser(server);
    const response = await browser.request(authorizeUrl(server, { audience: 'urn:some:other:api' }));
    const params = callbackParams(response);
    assert.equal(params.get('error'), 'invalid_target');
    assert.match(params.get('error_description') ?? '', /urn:some:other:api/);
  });

  it('answers an oversized login form with 413 and a readable page', async () => {
    const browser = new TestBrowser(server);
    const page = await browser.navigate(authorizeUrl(server));
    const response = await browser.submit(formAction(await page.text()), {
      email: 'demo@example.com',
      password: 'x'.repeat(10_000),
    });
    assert.equal(response.status, 413);
    assert.match(await response.text(), /could not be read/);
  });

  it('shows a readable page for an expired or unknown login link', async () => {
    const browser = new TestBrowser(server);
    const response = await browser.request('/interaction/not-a-real-interaction');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /log in again/);
  });
});
