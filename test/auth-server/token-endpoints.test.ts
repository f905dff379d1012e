import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ORIGIN, startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';

const FOREIGN_ORIGIN = 'http://localhost:9999';

describe('/oauth/token and /oauth/revoke: CORS and request bodies', { timeout: 20_000 }, () => {
  let server: AuthServerUnderTest;
  before(async () => {
    server = await startAuthServer();
  });
  after(() => server.close());

  /** The preflight a browser sends before auth0-js's JSON POST with its telemetry header. */
  const preflight = (path: string, origin: string) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'auth0-client, content-type',
      },
    });

  const post = (path: string, origin: string, contentType: string, body: string) =>
    fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { origin, 'content-type': contentType }, body });

  for (const path of ['/oauth/token', '/oauth/revoke']) {
    it(`${path}: allows the preflight of the app's origin with auth0-js's headers (204)`, async () => {
      const response = await preflight(path, APP_ORIGIN);
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
      const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
      for (const header of ['auth0-client', 'content-type']) assert.ok(allowed.includes(header), header);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    });

    it(`${path}: refuses a foreign origin, at the preflight and at the request`, async () => {
      const refusedPreflight = await preflight(path, FOREIGN_ORIGIN);
      assert.equal(refusedPreflight.status, 403);
      assert.equal(refusedPreflight.headers.get('access-control-allow-origin'), null);

      const fields = { client_id: server.config.clientId, grant_type: 'refresh_token', refresh_token: 'x', token: 'x' };
      const refused = await post(path, FOREIGN_ORIGIN, 'application/json', JSON.stringify(fields));
      assert.equal(refused.status, 400);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      assert.equal(((await refused.json()) as { error: string }).error, 'invalid_request');
    });

    it(`${path}: answers JSON that is not JSON with 400 invalid_request, in JSON the app can read`, async () => {
      const response = await post(path, APP_ORIGIN, 'application/json', '{"grant_type": ');
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(await response.json(), {
        error: 'invalid_request',
        error_description: 'the request body is not valid JSON',
      });
    });

    it(`${path}: answers a JSON body that is no object with 400 invalid_request`, async () => {
      for (const body of ['["authorization_code"]', '"code"', 'null']) {
        const response = await post(path, APP_ORIGIN, 'application/json', body);
        assert.equal(response.status, 400, body);
        assert.equal(((await response.json()) as { error: string }).error, 'invalid_request', body);
      }
    });

    it(`${path}: answers an oversized JSON body with 413 invalid_request`, async () => {
      const body = JSON.stringify({ client_id: server.config.clientId, padding: 'x'.repeat(20_000) });
      const response = await post(path, APP_ORIGIN, 'application/json', body);
      assert.equal(response.status, 413);
      assert.deepEqual(await response.json(), {
        error: 'invalid_request',
        error_description: 'the request body is larger than 16kb',
      });
    });
  }

  it('reads the fields of a JSON body as oidc-provider reads a form: an unknown grant type is named', async () => {
    const body = JSON.stringify({ client_id: server.config.clientId, grant_type: 'password' });
    const response = await post('/oauth/token', APP_ORIGIN, 'application/json', body);
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'unsupported_grant_type');
  });
});
