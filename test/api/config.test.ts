/**
 * apiConfigFrom: what the API derives from the environment, and the API-specific problems it refuses to start with.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadEnvironment } from '../../src/config/environment';
import { apiConfigFrom } from '../../src/api/config';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('apiConfigFrom', () => {
  it('trusts the local authorization server by default', () => {
    const config = apiConfigFrom(loadEnvironment({}), {});
    assert.equal(config.issuer, 'http://localhost:4000/');
    assert.equal(config.jwks.uri, 'http://localhost:4000/.well-known/jwks.json');
    assert.equal(config.audience, 'urn:quickstart:api');
    assert.equal(config.appOrigin, 'http://localhost:3000');
    assert.equal(config.port, 3001);
    assert.equal(config.clockToleranceSeconds, 5);
    assert.equal(config.requireAtJwtTyp, false);
  });

  it('trusts https://$AUTH0_DOMAIN/ and its JWKS with a tenant', () => {
    const env = loadEnvironment({
      AUTH0_DOMAIN: 'dev-abc123.us.auth0.com',
      AUTH0_CLIENT_ID: 'k3yCl1ent',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
    });
    const config = apiConfigFrom(env, {});
    assert.equal(config.issuer, 'https://dev-abc123.us.auth0.com/');
    assert.equal(config.jwks.uri, 'https://dev-abc123.us.auth0.com/.well-known/jwks.json');
    assert.equal(config.audience, 'https://quickstarts/api');
  });

  it('follows AUTH0_ISSUER_BASE_URL, adding the trailing slash', () => {
    const config = apiConfigFrom(loadEnvironment({ AUTH0_ISSUER_BASE_URL: 'http://localhost:4100' }), {});
    assert.equal(config.issuer, 'http://localhost:4100/');
    assert.equal(config.jwks.uri, 'http://localhost:4100/.well-known/jwks.json');
  });

  it('refuses an issuer reached over plain http on another host', () => {
    const problems = problemsOf(() =>
      apiConfigFrom(loadEnvironment({ AUTH0_ISSUER_BASE_URL: 'http://auth.example.com/' }), {})
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0] as string, /^AUTH0_ISSUER_BASE_URL must use https/);
  });

  it('reads the clock tolerance, within 0..300 whole seconds', () => {
    const env = loadEnvironment({});
    assert.equal(apiConfigFrom(env, { API_CLOCK_TOLERANCE_SECONDS: '30' }).clockToleranceSeconds, 30);
    assert.equal(apiConfigFrom(env, { API_CLOCK_TOLERANCE_SECONDS: '0' }).clockToleranceSeconds, 0);
    for (const bad of ['abc', '-1', '301', '1.5', '5s']) {
      const problems = problemsOf(() => apiConfigFrom(env, { API_CLOCK_TOLERANCE_SECONDS: bad }));
      assert.match(problems[0] as string, /^API_CLOCK_TOLERANCE_SECONDS must be/);
    }
  });

  it('reads API_REQUIRE_AT_JWT_TYP as a boolean', () => {
    const env = loadEnvironment({});
    for (const on of ['true', 'TRUE', '1'])
      assert.equal(apiConfigFrom(env, { API_REQUIRE_AT_JWT_TYP: on }).requireAtJwtTyp, true);
    for (const off of ['false', '0', ''])
      assert.equal(apiConfigFrom(env, { API_REQUIRE_AT_JWT_TYP: off }).requireAtJwtTyp, false);
    assert.match(problemsOf(() => apiConfigFrom(env, { API_REQUIRE_AT_JWT_TYP: 'yes' }))[0] as string, /true or false/);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      apiConfigFrom(loadEnvironment({}), { API_CLOCK_TOLERANCE_SECONDS: 'soon', API_REQUIRE_AT_JWT_TYP: 'maybe' })
    );
    assert.deepEqual(
      problems.map((line) => line.split(' ')[0]),
      ['API_CLOCK_TOLERANCE_SECONDS', 'API_REQUIRE_AT_JWT_TYP']
    );
  });
});
