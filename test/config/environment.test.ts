import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadEnvironment } from '../../src/config/environment';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnvironment(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, 'expected a ConfigError');
    return error.problems;
  }
  assert.fail('expected the environment to be refused');
}

describe('loadEnvironment', () => {
  it('runs locally with no variables at all, against the local authorization server', () => {
    const env = loadEnvironment({});
    assert.equal(env.mode, 'local');
    assert.equal(env.domain, 'http://localhost:4000');
    assert.equal(env.issuer, 'http://localhost:4000/');
    assert.equal(env.apiUrl, 'http://localhost:3001');
    assert.equal(env.appOrigin, 'http://localhost:3000');
    assert.equal(env.appPort, 3000);
    assert.deepEqual(env.demoUser, { email: 'demo@example.com', password: 'demo-password' });
  });

  it('follows the ports it is given, so several copies can run side by side', () => {
    const env = loadEnvironment({ AUTH_PORT: '4100', API_PORT: '3101', APP_ORIGIN: 'http://localhost:3100/' });
    assert.equal(env.issuer, 'http://localhost:4100/');
    assert.equal(env.apiUrl, 'http://localhost:3101');
    assert.equal(env.appOrigin, 'http://localhost:3100');
    assert.equal(env.appPort, 3100);
  });

  it('switches to a tenant when AUTH0_DOMAIN is set, deriving the issuer from it', () => {
    const env = loadEnvironment({
      AUTH0_DOMAIN: 'https://dev-abc123.eu.auth0.com/',
      AUTH0_CLIENT_ID: 'abcDEF123',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
    });
    assert.equal(env.mode, 'tenant');
    assert.equal(env.domain, 'dev-abc123.eu.auth0.com');
    assert.equal(env.issuer, 'https://dev-abc123.eu.auth0.com/');
    assert.equal(env.clientId, 'abcDEF123');
    assert.equal(env.audience, 'https://quickstarts/api');
  });

  it('adds the trailing slash an issuer needs to match iss exactly', () => {
    const env = loadEnvironment({ AUTH0_ISSUER_BASE_URL: 'http://localhost:4000' });
    assert.equal(env.issuer, 'http://localhost:4000/');
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadEnvironment({ AUTH0_DOMAIN: '', API_PORT: ' ' }).mode, 'local');
  });

  it('asks for the client id and the audience of a tenant, naming each', () => {
    const problems = problemsOf({ AUTH0_DOMAIN: 'dev-abc123.us.auth0.com' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^AUTH0_CLIENT_ID is required/);
    assert.match(problems[1], /^AUTH0_AUDIENCE is required.*opaque/);
  });

  it('refuses placeholder values copied from .env.example', () => {
    const problems = problemsOf({
      AUTH0_DOMAIN: 'your-tenant.us.auth0.com',
      AUTH0_CLIENT_ID: 'YOUR_CLIENT_ID',
      AUTH0_AUDIENCE: '{yourApiIdentifier}',
    });
    for (const name of ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_AUDIENCE']) {
      assert.ok(
        problems.some((line) => line.startsWith(`${name} still holds the placeholder`)),
        `${name} reported`
      );
    }
  });

  it('refuses a tenant domain that is not a bare https host', () => {
    assert.match(
      problemsOf({ AUTH0_DOMAIN: 'http://dev.auth0.com', AUTH0_CLIENT_ID: 'a', AUTH0_AUDIENCE: 'b' })[0],
      /^AUTH0_DOMAIN must be/
    );
    assert.match(
      problemsOf({ AUTH0_DOMAIN: 'dev.auth0.com/path', AUTH0_CLIENT_ID: 'a', AUTH0_AUDIENCE: 'b' })[0],
      /^AUTH0_DOMAIN must be/
    );
  });

  it('refuses bad ports, URLs and lifetimes, listing every problem at once', () => {
    const problems = problemsOf({
      API_PORT: '70000',
      AUTH_PORT: 'abc',
      APP_ORIGIN: 'localhost:3000',
      API_URL: 'ftp://localhost:3001',
      ACCESS_TOKEN_LIFETIME: '-5',
    });
    assert.deepEqual(
      problems.map((line) => line.split(' ')[0]),
      ['API_PORT', 'AUTH_PORT', 'ACCESS_TOKEN_LIFETIME', 'APP_ORIGIN', 'API_URL']
    );
  });

  it('refuses an APP_ORIGIN with a path, since redirect URLs are built from it', () => {
    assert.match(problemsOf({ APP_ORIGIN: 'http://localhost:3000/app' })[0], /^APP_ORIGIN must be an origin only/);
  });

  it('refuses clashing local ports', () => {
    assert.match(problemsOf({ API_PORT: '3000' })[0], /^API_PORT \(3000\) must differ/);
    assert.match(problemsOf({ AUTH_PORT: '3001' })[0], /^AUTH_PORT \(3001\) must differ from API_PORT/);
  });

  it('reports a placeholder audience once, not also as a malformed URI', () => {
    assert.deepEqual(problemsOf({ AUTH0_AUDIENCE: 'YOUR_API_IDENTIFIER' }), [
      'AUTH0_AUDIENCE still holds the placeholder "YOUR_API_IDENTIFIER": replace it with your own value (in the Auth0 dashboard open Applications → APIs and copy your API\'s Identifier) or remove it.',
    ]);
  });

  it('refuses a local audience that is not an absolute URI', () => {
    assert.match(problemsOf({ AUTH0_AUDIENCE: 'my api' })[0], /AUTH0_AUDIENCE/);
  });
});
