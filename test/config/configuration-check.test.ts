/**
 * The variables-only part of the configuration check: what `npm run check-config` and `npm start` say about values
 * before anything is asked of a tenant.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkConfiguration,
  checkEnvironment,
  type ConfigurationCheck,
  type FindingCode,
} from '../../src/config/configuration-check';

const TENANT = {
  AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
  AUTH0_CLIENT_ID: 'k5Qx0Zb1Example0ClientId0123456789',
  AUTH0_AUDIENCE: 'https://quickstarts/api',
};

function codes(check: ConfigurationCheck): FindingCode[] {
  return check.problems.map((finding) => finding.code);
}

/** The single problem a set of variables produces. */
function onlyProblem(vars: Record<string, string>): string {
  const check = checkEnvironment(vars);
  assert.equal(check.problems.length, 1, JSON.stringify(check.problems, null, 2));
  return check.problems[0]?.message ?? '';
}

describe('checkEnvironment', () => {
  it('accepts no variables at all: local mode against the local authorization server', () => {
    const check = checkEnvironment({});
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.warnings, []);
    assert.equal(check.env?.mode, 'local');
    assert.equal(check.env?.issuer, 'http://localhost:4000/');
  });

  it('accepts moved local ports when the issuer follows them', () => {
    const check = checkEnvironment({ AUTH_PORT: '4100', API_PORT: '3101', APP_ORIGIN: 'http://localhost:3100' });
    assert.deepEqual(check.problems, []);
    assert.equal(check.env?.apiUrl, 'http://localhost:3101');
  });

  it('accepts a complete tenant configuration without asking the tenant', () => {
    const check = checkEnvironment(TENANT);
    assert.deepEqual(check.problems, []);
    assert.equal(check.env?.mode, 'tenant');
    assert.equal(check.env?.issuer, 'https://dev-quickstart.us.auth0.com/');
  });

  it('names the dashboard page for a missing client id', () => {
    const message = onlyProblem({ ...TENANT, AUTH0_CLIENT_ID: '' });
    assert.match(message, /^AUTH0_CLIENT_ID is required with AUTH0_DOMAIN: /);
    assert.match(message, /Applications → Applications → your application → Settings and copy its Client ID/);
  });

  it('refuses a client id pasted with spaces or quotes', () => {
    assert.match(onlyProblem({ ...TENANT, AUTH0_CLIENT_ID: 'Client ID abc' }), /^AUTH0_CLIENT_ID must be the bare/);
  });

  it('names the dashboard page for a missing audience, and says what goes wrong without it', () => {
    const message = onlyProblem({ ...TENANT, AUTH0_AUDIENCE: ' ' });
    assert.match(message, /^AUTH0_AUDIENCE is required with AUTH0_DOMAIN, or access tokens come back opaque/);
    assert.match(message, /Applications → APIs and copy your API's Identifier/);
  });

  it('refuses placeholders, saying where the real value is', () => {
    const check = checkEnvironment({
      AUTH0_DOMAIN: 'your-tenant.us.auth0.com',
      AUTH0_CLIENT_ID: 'YOUR_CLIENT_ID',
      AUTH0_AUDIENCE: '{yourApiIdentifier}',
    });
    const messages = check.problems.map((finding) => finding.message);
    assert.equal(messages.length, 3, messages.join('\n'));
    assert.match(messages[0] ?? '', /^AUTH0_DOMAIN still holds the placeholder .*copy its Domain\) or remove it\.$/);
    assert.match(messages[1] ?? '', /^AUTH0_CLIENT_ID still holds the placeholder .*copy its Client ID/);
    assert.match(messages[2] ?? '', /^AUTH0_AUDIENCE still holds the placeholder .*Applications → APIs/);
    assert.equal(check.env, undefined);
  });

  it('refuses malformed URLs, naming the variable', () => {
    assert.match(onlyProblem({ APP_ORIGIN: 'localhost:3000' }), /^APP_ORIGIN must start with http:\/\/ or https:\/\//);
    assert.match(onlyProblem({ API_URL: 'not a url' }), /^API_URL must be an absolute http\(s\) URL/);
    assert.match(
      onlyProblem({ ...TENANT, AUTH0_ISSUER_BASE_URL: 'https//dev-quickstart.us.auth0.com' }),
      /^AUTH0_ISSUER_BASE_URL must be an absolute http\(s\) URL/
    );
    assert.match(onlyProblem({ ...TENANT, AUTH0_DOMAIN: 'dev.auth0.com/path' }), /^AUTH0_DOMAIN must be your tenant's/);
  });

  it('refuses bad ports', () => {
    assert.match(onlyProblem({ API_PORT: '0' }), /^API_PORT must be a port number between 1 and 65535, got "0"/);
    assert.match(onlyProblem({ AUTH_PORT: '4000x' }), /^AUTH_PORT must be a port number/);
    assert.match(onlyProblem({ API_PORT: '3000' }), /^API_PORT \(3000\) must differ/);
  });

  it("refuses the API's own variables when they are wrong", () => {
    assert.match(onlyProblem({ API_CLOCK_TOLERANCE_SECONDS: '5s' }), /^API_CLOCK_TOLERANCE_SECONDS must be/);
    assert.match(onlyProblem({ API_REQUIRE_AT_JWT_TYP: 'maybe' }), /^API_REQUIRE_AT_JWT_TYP must be true or false/);
  });

  it('allows a plain-http issuer on localhost only', () => {
    assert.deepEqual(checkEnvironment({ ...TENANT, AUTH0_ISSUER_BASE_URL: 'http://localhost:4555/' }).problems, []);
    // A name under .localhost is resolved through DNS like any other name, so it is no safer than another host.
    const others = ['http://auth.example.com/', 'http://127.0.0.1:4555/', 'http://localhost.example.com/'];
    for (const issuer of [...others, 'http://auth.localhost:4555/']) {
      const message = onlyProblem({ ...TENANT, AUTH0_ISSUER_BASE_URL: issuer });
      assert.match(message, /^AUTH0_ISSUER_BASE_URL must use https \(http is only allowed for localhost\)/, issuer);
    }
  });

  it('refuses, in local mode, an issuer that is not the local authorization server', () => {
    const check = checkEnvironment({ AUTH0_ISSUER_BASE_URL: 'http://localhost:4100/' });
    assert.deepEqual(codes(check), ['local-issuer']);
    assert.match(check.problems[0]?.message ?? '', /whose issuer is http:\/\/localhost:4000\/: remove AUTH0_ISSUER/);
    assert.deepEqual(
      checkEnvironment({ AUTH0_ISSUER_BASE_URL: 'http://localhost:4100', AUTH_PORT: '4100' }).problems,
      []
    );
  });

  it('refuses local mode under NODE_ENV=production in any spelling, where the local server will not start', () => {
    for (const spelling of ['production', 'PRODUCTION ', 'prod', ' Prod ']) {
      assert.deepEqual(codes(checkEnvironment({ NODE_ENV: spelling })), ['local-server-in-production'], spelling);
    }
    assert.deepEqual(codes(checkEnvironment({ NODE_ENV: 'preprod' })), []);
    assert.deepEqual(codes(checkEnvironment({ ...TENANT, NODE_ENV: 'production' })), []);
  });

  it('warns when API_URL cannot lead to the API it starts, or would send tokens in clear', () => {
    const moved = checkEnvironment({ API_URL: 'http://localhost:8080' });
    assert.deepEqual(moved.problems, []);
    assert.match(moved.warnings[0]?.message ?? '', /^API_URL \(http:\/\/localhost:8080\) points at port 8080, but/);
    const clear = checkEnvironment({ API_URL: 'http://api.example.com' });
    assert.match(clear.warnings[0]?.message ?? '', /plain http on another host/);
    assert.deepEqual(checkEnvironment({ API_URL: 'https://api.example.com' }).warnings, []);
  });

  it("warns, without refusing, when an ALLOWED_* list leaves out this app's own URL", () => {
    const another = {
      ALLOWED_CALLBACK_URLS: 'http://localhost:5000',
      ALLOWED_LOGOUT_URLS: 'http://localhost:5000',
      ALLOWED_WEB_ORIGINS: 'http://localhost:5000',
    };
    const check = checkEnvironment(another);
    assert.deepEqual(check.problems, []);
    assert.deepEqual(
      check.warnings.map((finding) => finding.message.split(' ').slice(0, 5).join(' ')),
      [
        'ALLOWED_CALLBACK_URLS does not list http://localhost:3000/callback,',
        'ALLOWED_LOGOUT_URLS does not list http://localhost:3000/,',
        'ALLOWED_WEB_ORIGINS does not list http://localhost:3000,',
      ]
    );
    const both = checkEnvironment({
      ALLOWED_CALLBACK_URLS: 'http://localhost:3000/callback, http://localhost:5000',
      ALLOWED_LOGOUT_URLS: 'http://localhost:3000/, http://localhost:5000',
      ALLOWED_WEB_ORIGINS: 'http://localhost:3000, http://localhost:5000',
    });
    assert.deepEqual(both.warnings, []);
    assert.deepEqual(checkEnvironment({ ...TENANT, ...another }).warnings, [], "the lists are the local server's");
  });

  it('reports every problem at once', () => {
    const check = checkEnvironment({ ...TENANT, AUTH0_AUDIENCE: '', API_PORT: 'abc', APP_ORIGIN: 'ftp://x' });
    assert.equal(check.problems.length, 3);
  });
});

describe('checkConfiguration without a tenant', () => {
  it('asks nothing of the network in local mode', async () => {
    const asked: string[] = [];
    const check = await checkConfiguration(
      {},
      {
        fetch: async (url) => {
          asked.push(url);
          return new Response('{}');
        },
      }
    );
    assert.deepEqual(check.problems, []);
    assert.deepEqual(asked, []);
  });

  it('asks nothing of a tenant whose variables cannot be read', async () => {
    const asked: string[] = [];
    const check = await checkConfiguration(
      { AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com' },
      {
        fetch: async (url) => {
          asked.push(url);
          return new Response('{}');
        },
      }
    );
    assert.equal(check.problems.length, 2);
    assert.deepEqual(asked, []);
  });
});
