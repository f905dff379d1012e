/**
 * apiConfigFrom: what the API takes from the shared environment. The variables themselves (the API's included) are
 * read and checked in src/config, see test/config/environment.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEnvironment } from '../../src/config/environment';
import { apiConfigFrom } from '../../src/api/api.config';

describe('apiConfigFrom', () => {
  it('trusts the local authorization server by default', () => {
    const config = apiConfigFrom(loadEnvironment({}));
    assert.equal(config.issuer, 'http://localhost:4000/');
    assert.equal(config.audience, 'urn:quickstart:api');
    assert.equal(config.appOrigin, 'http://localhost:3000');
    assert.equal(config.port, 3001);
    assert.equal(config.clockToleranceSeconds, 5);
    assert.equal(config.requireAtJwtTyp, false);
    assert.equal(config.requireSenderConstraining, false);
  });

  it('trusts https://$AUTH0_DOMAIN/ with a tenant', () => {
    const env = loadEnvironment({
      AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
      AUTH0_CLIENT_ID: 'k3yCl1ent',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
    });
    const config = apiConfigFrom(env);
    assert.equal(config.issuer, 'https://dev-quickstart.us.auth0.com/');
    assert.equal(config.audience, 'https://quickstarts/api');
  });

  it('follows AUTH0_ISSUER_BASE_URL, adding the trailing slash', () => {
    const config = apiConfigFrom(loadEnvironment({ AUTH0_ISSUER_BASE_URL: 'http://localhost:4100' }));
    assert.equal(config.issuer, 'http://localhost:4100/');
  });

  it("takes the token checks' settings from the environment", () => {
    const config = apiConfigFrom(
      loadEnvironment({
        API_CLOCK_TOLERANCE_SECONDS: '30',
        API_REQUIRE_AT_JWT_TYP: 'true',
        API_REQUIRE_TOKEN_SENDER_CONSTRAINING: 'true',
      })
    );
    assert.equal(config.clockToleranceSeconds, 30);
    assert.equal(config.requireAtJwtTyp, true);
    assert.equal(config.requireSenderConstraining, true);
  });
});
