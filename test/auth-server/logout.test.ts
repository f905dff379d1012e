import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ORIGIN, startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';
import { authorizeUrl, formAction, hiddenFields, logIn, random, TestBrowser } from './support/browser';

describe('/v2/logout', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  before(async () => {
    server = await startAuthServer({ flow: 'implicit' });
  });
  after(() => server.close());

  /** What a browser does with the logout page: run its script, which submits the form with every field. */
  async function logOut(browser: TestBrowser, query: string): Promise<Response> {
    const page = await browser.navigate(`/v2/logout?${query}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    return browser.submit(formAction(html), hiddenFields(html));
  }

  /** Whether the browser still has a session, asked the way auth0-js's checkSession asks. */
  async function hasSession(browser: TestBrowser): Promise<boolean> {
    const response = await browser.request(authorizeUrl(server, { prompt: 'none', response_mode: 'web_message' }));
    const html = await response.text();
    if (html.includes('"error":"login_required"')) return false;
    assert.match(html, /"access_token":"/);
    return true;
  }

  it('ends the session without asking and returns to an allowed returnTo', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server);
    assert.equal(await hasSession(browser), true);

    const query = new URLSearchParams({ client_id: server.config.clientId, returnTo: APP_ORIGIN });
    const page = await browser.navigate(`/v2/logout?${query}`);
    const html = await page.text();
    // No question for the user: the page submits itself with a served script (CSP allows no inline script).
    assert.doesNotMatch(html, /Do you want|Yes, sign me out/);
    assert.match(html, /<script src="\/assets\/logout\.js"><\/script>/);
    assert.equal(hiddenFields(html).logout, 'yes');
    const script = await fetch(`${server.baseUrl}/assets/logout.js`);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(await script.text(), /\.submit\(\)/);

    const done = await browser.submit(formAction(html), hiddenFields(html));
    assert.equal(done.status, 303);
    // The origin, written as a URL (with its `/` path).
    assert.equal(done.headers.get('location'), `${APP_ORIGIN}/`);
    assert.equal(await hasSession(browser), false);
  });

  it('accepts return_to and the origin with a trailing slash', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server);
    const query = new URLSearchParams({ client_id: server.config.clientId, return_to: `${APP_ORIGIN}/` });
    const done = await logOut(browser, query.toString());
    assert.equal(done.headers.get('location'), `${APP_ORIGIN}/`);
    assert.equal(await hasSession(browser), false);
  });

  it('refuses an unlisted returnTo with a 400 page naming it, and keeps the session', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server);
    const elsewhere = 'http://localhost:3000/somewhere-else';
    const query = new URLSearchParams({ client_id: server.config.clientId, returnTo: elsewhere });
    const response = await browser.request(`/v2/logout?${query}`);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.ok(html.includes(elsewhere));
    assert.match(html, /not one of its allowed logout URLs/);
    assert.equal(await hasSession(browser), true);
  });

  it('shows a "logged out" page when there is no returnTo', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server);
    const done = await logOut(browser, new URLSearchParams({ client_id: server.config.clientId }).toString());
    assert.equal(done.status, 200);
    assert.match(await done.text(), /You are logged out/);
    assert.equal(await hasSession(browser), false);
  });

  it('still returns to returnTo when the browser had no session', async () => {
    const browser = new TestBrowser(server);
    const query = new URLSearchParams({ client_id: server.config.clientId, returnTo: APP_ORIGIN, state: random() });
    const done = await logOut(browser, query.toString());
    assert.equal(done.status, 303);
    assert.match(done.headers.get('location') ?? '', new RegExp(`^${APP_ORIGIN}`));
  });
});
