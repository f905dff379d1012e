import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { CALLBACK, startAuthServer, type AuthServerUnderTest, signingKeys } from './support/auth-server-under-test';
import { authorizeUrl, logIn, random, TestBrowser } from './support/browser';

interface WebMessage {
  response: Record<string, string>;
  redirect_uri: string;
}

/** The authorization response the page posts to its parent window, as auth0-js's checkSession receives it. */
async function webMessage(response: Response): Promise<WebMessage> {
  const html = await response.text();
  assert.match(html, /type: 'authorization_response'/);
  const data = /var data = (\{.*\});/.exec(html);
  assert.ok(data, 'the page carries the response');
  return JSON.parse(data[1]) as WebMessage;
}

describe('checkSession: prompt=none with response_mode=web_message', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  before(async () => {
    server = await startAuthServer({ flow: 'implicit' });
  });
  after(() => server.close());

  const silent = (state: string, nonce = random()) =>
    authorizeUrl(server, { prompt: 'none', response_mode: 'web_message', state, nonce });

  it('answers login_required to a browser without a session', async () => {
    const browser = new TestBrowser(server);
    const state = random();
    const response = await browser.request(silent(state));
    // An everyday answer for a logged-out SPA: 200, so browsers log no failed load.
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const message = await webMessage(response);
    assert.equal(message.redirect_uri, CALLBACK);
    assert.equal(message.response.error, 'login_required');
    assert.equal(message.response.state, state);
    assert.equal(message.response.access_token, undefined);
  });

  it('never posts a message to an unregistered redirect_uri: an error page, status 400', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server);
    const url = authorizeUrl(server, {
      prompt: 'none',
      response_mode: 'web_message',
      redirect_uri: 'http://localhost:3000/not-registered',
    });
    const response = await browser.request(url);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.doesNotMatch(html, /authorization_response|access_token/);
    assert.match(html, /not registered/);
  });

  it('answers with fresh tokens to a logged-in browser, in a page the SPA may frame', async () => {
    const browser = new TestBrowser(server);
    await logIn(browser, server);
    const state = random();
    const nonce = random();
    const response = await browser.request(silent(state, nonce));
    assert.equal(response.status, 200);
    // The page runs in the SPA's hidden iframe: no frame blocking, and only its own inline script allowed.
    assert.equal(response.headers.get('x-frame-options'), null);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.doesNotMatch(csp, /frame-ancestors/);
    assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);

    const message = await webMessage(response);
    assert.equal(message.redirect_uri, CALLBACK);
    assert.equal(message.response.state, state);
    assert.match(message.response.scope, /read:messages/);
    const jwks = signingKeys(server);
    const id = await jwtVerify(message.response.id_token, jwks, {
      issuer: server.config.issuer,
      audience: server.config.clientId,
    });
    assert.equal(id.payload.nonce, nonce);
    await jwtVerify(message.response.access_token, jwks, {
      issuer: server.config.issuer,
      audience: server.config.audience,
      typ: 'at+jwt',
    });
  });
});
