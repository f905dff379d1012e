/**
 * auth0-js posts JSON to /oauth/token and /oauth/revoke. oidc-provider warns once per process ("already parsed request
 * body detected") when something upstream has consumed a request's body; that warning must never come. This file
 * runs in its own process (as every test file does under `node --test`), so the warning has not been spent by an
 * earlier test, and console.warn is watched from before the first request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';
import {
  codeExchange,
  logInForCode,
  pkcePair,
  postFromApp,
  refreshRequest,
  type TokenResponse,
} from './support/code-flow';

describe('JSON token requests, as auth0-js sends them', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  const warnings: string[] = [];
  before(async () => {
    mock.method(console, 'warn', (...args: unknown[]) => warnings.push(args.map(String).join(' ')));
    server = await startAuthServer();
  });
  after(async () => {
    mock.restoreAll();
    await server.close();
  });

  it('log in, refresh and revoke, leaving nothing in the server log', async () => {
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce);
    const exchange = await postFromApp(server, '/oauth/token', codeExchange(server, code, pkce.verifier), 'json');
    const tokens = (await exchange.json()) as TokenResponse;
    assert.equal(exchange.status, 200, JSON.stringify(tokens));
    assert.ok(tokens.refresh_token);

    const refresh = await postFromApp(server, '/oauth/token', refreshRequest(server, tokens.refresh_token), 'json');
    const refreshed = (await refresh.json()) as TokenResponse;
    assert.equal(refresh.status, 200, JSON.stringify(refreshed));

    const revoke = await postFromApp(
      server,
      '/oauth/revoke',
      { client_id: server.config.clientId, token: refreshed.refresh_token },
      'json'
    );
    assert.equal(revoke.status, 200);
    const reuse = await postFromApp(server, '/oauth/token', refreshRequest(server, refreshed.refresh_token ?? ''));
    assert.equal(((await reuse.json()) as TokenResponse).error, 'invalid_grant', 'the JSON revocation was read');

    assert.deepEqual(warnings, []);
  });
});
