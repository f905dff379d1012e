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
      AUTH0_DOMAIN: 'https://dev-quickstart.eu.auth0.com/',
      AUTH0_CLIENT_ID: 'abcDEF123',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
    });
    assert.equal(env.mode, 'tenant');
    assert.equal(env.domain, 'dev-quickstart.eu.auth0.com');
    assert.equal(env.issuer, 'https://dev-quickstart.eu.auth0.com/');
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
    const problems = problemsOf({ AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com' });
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

  it('keeps the app on localhost with the local authorization server, where its servers and cookies are', () => {
    assert.deepEqual(problemsOf({ APP_ORIGIN: 'http://127.0.0.1:3000' }), [
      'APP_ORIGIN must be on localhost with the local authorization server (it and the app listen there), got "http://127.0.0.1:3000".',
    ]);
    assert.equal(
      loadEnvironment({
        AUTH0_DOMAIN: 'dev-quickstart.eu.auth0.com',
        AUTH0_CLIENT_ID: 'abc',
        AUTH0_AUDIENCE: 'https://api.example.com',
        APP_ORIGIN: 'https://app.example.com',
      }).appOrigin,
      'https://app.example.com',
      'a tenant serves any origin its dashboard allows'
    );
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

  it('refuses an issuer reached over plain http on another host', () => {
    const problems = problemsOf({ AUTH0_ISSUER_BASE_URL: 'http://auth.example.com/' });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^AUTH0_ISSUER_BASE_URL must use https/);
  });

  it("reads the API's clock tolerance, within 0..300 whole seconds", () => {
    assert.equal(loadEnvironment({}).apiClockToleranceSeconds, 5);
    assert.equal(loadEnvironment({ API_CLOCK_TOLERANCE_SECONDS: '30' }).apiClockToleranceSeconds, 30);
    assert.equal(loadEnvironment({ API_CLOCK_TOLERANCE_SECONDS: '0' }).apiClockToleranceSeconds, 0);
    for (const bad of ['abc', '-1', '301', '1.5', '5s']) {
      assert.match(problemsOf({ API_CLOCK_TOLERANCE_SECONDS: bad })[0], /^API_CLOCK_TOLERANCE_SECONDS must be/, bad);
    }
  });

  it('reads API_REQUIRE_AT_JWT_TYP as a boolean', () => {
    for (const on of ['true', 'TRUE', '1'])
      assert.equal(loadEnvironment({ API_REQUIRE_AT_JWT_TYP: on }).apiRequireAtJwtTyp, true);
    for (const off of ['false', '0', '']) {
      assert.equal(loadEnvironment({ API_REQUIRE_AT_JWT_TYP: off }).apiRequireAtJwtTyp, false);
    }
    assert.match(problemsOf({ API_REQUIRE_AT_JWT_TYP: 'yes' })[0], /^API_REQUIRE_AT_JWT_TYP must be true or false/);
  });

  it('reads API_REQUIRE_TOKEN_SENDER_CONSTRAINING as a boolean, off by default', () => {
    assert.equal(loadEnvironment({}).apiRequireTokenSenderConstraining, false);
    for (const on of ['true', 'True', '1']) {
      assert.equal(
        loadEnvironment({ API_REQUIRE_TOKEN_SENDER_CONSTRAINING: on }).apiRequireTokenSenderConstraining,
        true
      );
    }
    for (const off of ['false', '0', '']) {
      assert.equal(
        loadEnvironment({ API_REQUIRE_TOKEN_SENDER_CONSTRAINING: off }).apiRequireTokenSenderConstraining,
        false
      );
    }
    assert.match(
      problemsOf({ API_REQUIRE_TOKEN_SENDER_CONSTRAINING: 'dpop' })[0],
      /^API_REQUIRE_TOKEN_SENDER_CONSTRAINING must be true or false, got "dpop"/
    );
  });

  it("reports the API's problems with the rest, at once", () => {
    assert.deepEqual(
      problemsOf({
        API_CLOCK_TOLERANCE_SECONDS: 'soon',
        API_REQUIRE_AT_JWT_TYP: 'maybe',
        API_REQUIRE_TOKEN_SENDER_CONSTRAINING: 'yes',
        API_PORT: 'x',
      }).map((line) => line.split(' ')[0]),
      ['API_PORT', 'API_CLOCK_TOLERANCE_SECONDS', 'API_REQUIRE_AT_JWT_TYP', 'API_REQUIRE_TOKEN_SENDER_CONSTRAINING']
    );
  });
});

describe('AUTH0_FLOW', () => {
  it('is the code flow by default, and implicit when asked', () => {
    assert.equal(loadEnvironment({}).flow, 'code');
    assert.equal(loadEnvironment({ AUTH0_FLOW: 'code' }).flow, 'code');
    assert.equal(loadEnvironment({ AUTH0_FLOW: 'implicit' }).flow, 'implicit');
    assert.equal(loadEnvironment({ AUTH0_FLOW: ' Implicit ' }).flow, 'implicit');
  });

  it('refuses anything else, naming the variable and both values', () => {
    for (const bad of ['pkce', 'authorization_code', 'token id_token', 'hybrid']) {
      const problems = problemsOf({ AUTH0_FLOW: bad });
      assert.equal(problems.length, 1);
      assert.match(problems[0], new RegExp(`^AUTH0_FLOW must be code .* or implicit .*, got "${bad}"\\.$`));
    }
  });
});

describe('ACCESS_TOKEN_LIFETIME', () => {
  it('accepts up to one day', () => {
    assert.equal(loadEnvironment({}).accessTokenLifetime, 7200);
    assert.equal(loadEnvironment({ ACCESS_TOKEN_LIFETIME: '30' }).accessTokenLifetime, 30);
    assert.equal(loadEnvironment({ ACCESS_TOKEN_LIFETIME: '86400' }).accessTokenLifetime, 86_400);
  });

  it("refuses a lifetime the SPA's renewal timer cannot honour, saying why", () => {
    // 30 days: the delay before renewal would exceed a browser timer's 2^31-1 ms, which then fires at once.
    for (const tooLong of ['86401', '2600000', '99999999999']) {
      const problems = problemsOf({ ACCESS_TOKEN_LIFETIME: tooLong });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^ACCESS_TOKEN_LIFETIME must be a whole number of seconds from 1 to 86400 \(one day\)/);
      assert.match(problems[0], /browser timer.*2\^31-1 ms/);
    }
    assert.match(problemsOf({ ACCESS_TOKEN_LIFETIME: '0' })[0], /^ACCESS_TOKEN_LIFETIME must be/);
  });
});

describe('a client id equal to the audience', () => {
  it('is refused in one line naming both variables, since an ID token would pass as an access token', () => {
    const tenant = {
      AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
      AUTH0_CLIENT_ID: 'k3yCl1ent',
      AUTH0_AUDIENCE: 'k3yCl1ent',
    };
    for (const vars of [tenant, { AUTH0_CLIENT_ID: 'urn:quickstart:api' }]) {
      const problems = problemsOf(vars);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(
        problems[0],
        /^AUTH0_CLIENT_ID and AUTH0_AUDIENCE are both "[^"]+": an ID token would then pass as an access token\./
      );
    }
  });
});

describe('placeholders', () => {
  const tenant = {
    AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
    AUTH0_CLIENT_ID: 'k3yCl1ent',
    AUTH0_AUDIENCE: 'https://quickstarts/api',
  };
  const cases: [string, string][] = [
    ['AUTH0_CLIENT_ID', '...'],
    ['AUTH0_CLIENT_ID', '…'],
    ['AUTH0_CLIENT_ID', 'your-spa-client-id'],
    ['AUTH0_DOMAIN', 'your-tenant.us.auth0.com'],
    ['AUTH0_DOMAIN', 'dev-abc123.us.auth0.com'],
    ['AUTH0_DOMAIN', 'https://dev-abc123.eu.auth0.com/'],
    ['AUTH0_AUDIENCE', 'https://your-api-identifier'],
    ['AUTH0_ISSUER_BASE_URL', 'https://your-tenant.us.auth0.com/'],
    ['AUTH0_ISSUER_BASE_URL', 'https://$AUTH0_DOMAIN/'],
  ];
  for (const [name, value] of cases) {
    it(`refuses ${name}=${value}, naming the variable`, () => {
      const problems = problemsOf({ ...tenant, [name]: value });
      assert.ok(
        problems.some((line) => line.startsWith(`${name} still holds the placeholder "${value}"`)),
        problems.join('\n')
      );
    });
  }

  it('accepts real values that only look similar', () => {
    for (const [name, value] of [
      ['AUTH0_DOMAIN', 'dev-abc1234.us.auth0.com'],
      ['AUTH0_CLIENT_ID', 'abc123'],
      ['AUTH0_AUDIENCE', 'https://quickstart/api'],
      ['AUTH0_AUDIENCE', 'https://api.example.com/yourself'],
    ]) {
      assert.equal(loadEnvironment({ ...tenant, [name]: value }).mode, 'tenant', `${name}=${value}`);
    }
  });
});

describe('ALLOWED_CALLBACK_URLS, ALLOWED_LOGOUT_URLS, ALLOWED_WEB_ORIGINS', () => {
  it("default to this app's: its /callback, its origin with and without the slash, its origin", () => {
    const env = loadEnvironment({ APP_ORIGIN: 'http://localhost:3100' });
    assert.deepEqual(env.allowedCallbackUrls, ['http://localhost:3100/callback']);
    assert.deepEqual(env.allowedLogoutUrls, ['http://localhost:3100', 'http://localhost:3100/']);
    assert.deepEqual(env.allowedWebOrigins, ['http://localhost:3100']);
  });

  it('read comma-separated lists as the dashboard takes them, keeping URLs exactly as written', () => {
    const env = loadEnvironment({
      ALLOWED_CALLBACK_URLS: ' http://localhost:3000/callback ,http://localhost:5000, https://app.example.com/cb?x=1,',
      ALLOWED_LOGOUT_URLS: 'http://localhost:5000',
      ALLOWED_WEB_ORIGINS: 'http://localhost:3000, http://LOCALHOST:5000/, https://app.example.com:443',
    });
    assert.deepEqual(env.allowedCallbackUrls, [
      'http://localhost:3000/callback',
      'http://localhost:5000',
      'https://app.example.com/cb?x=1',
    ]);
    assert.deepEqual(env.allowedLogoutUrls, ['http://localhost:5000']);
    // Origins as a browser sends them in its Origin header.
    assert.deepEqual(env.allowedWebOrigins, [
      'http://localhost:3000',
      'http://localhost:5000',
      'https://app.example.com',
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['ALLOWED_CALLBACK_URLS', 'localhost:5000/callback', /must list absolute http\(s\) URLs/],
    ['ALLOWED_CALLBACK_URLS', '/callback', /must list absolute http\(s\) URLs/],
    ['ALLOWED_CALLBACK_URLS', 'myapp://callback', /must list absolute http\(s\) URLs/],
    ['ALLOWED_CALLBACK_URLS', 'http://*.example.com/callback', /cannot hold a wildcard/],
    ['ALLOWED_CALLBACK_URLS', 'http://localhost:5000/#/callback', /must not hold a fragment/],
    ['ALLOWED_CALLBACK_URLS', ',', /must list at least one URL/],
    ['ALLOWED_LOGOUT_URLS', 'http://localhost:5000/*', /cannot hold a wildcard/],
    ['ALLOWED_LOGOUT_URLS', 'ftp://localhost:5000', /must list absolute http\(s\) URLs/],
    ['ALLOWED_WEB_ORIGINS', 'http://localhost:5000/app', /must list origins only/],
    ['ALLOWED_WEB_ORIGINS', 'http://localhost:5000?x', /must list origins only/],
    ['ALLOWED_WEB_ORIGINS', 'https://*.example.com', /cannot hold a wildcard/],
    ['ALLOWED_WEB_ORIGINS', 'localhost:5000', /must list absolute http\(s\) URLs/],
  ];
  for (const [name, value, reason] of bad) {
    it(`refuses ${name}=${value} in one line naming the variable and the value`, () => {
      // After a good entry, so that one bad entry among several is found too.
      const problems = problemsOf({ [name]: value === ',' ? value : `http://localhost:3000, ${value}` });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.ok(problems[0].startsWith(`${name} `), problems[0]);
      assert.match(problems[0], reason);
      if (value !== ',') assert.ok(problems[0].includes(`"${value}"`), problems[0]);
    });
  }
});

describe('REFRESH_TOKEN_REVOCATION_DELETES_GRANT and DPOP_REQUIRE_NONCE (the local server)', () => {
  const variables = [
    ['REFRESH_TOKEN_REVOCATION_DELETES_GRANT', 'refreshTokenRevocationDeletesGrant'],
    ['DPOP_REQUIRE_NONCE', 'dpopRequireNonce'],
  ] as const;

  for (const [name, field] of variables) {
    it(`${name} is off by default, and read as a boolean`, () => {
      assert.equal(loadEnvironment({})[field], false);
      for (const on of ['true', 'TRUE', '1']) assert.equal(loadEnvironment({ [name]: on })[field], true, on);
      for (const off of ['false', '0', '']) assert.equal(loadEnvironment({ [name]: off })[field], false, off);
    });

    it(`refuses ${name}=yes in one line naming the variable and the value`, () => {
      const problems = problemsOf({ [name]: 'yes' });
      assert.deepEqual(problems, [`${name} must be true or false, got "yes".`]);
    });
  }
});

describe('AUTH0_DPOP', () => {
  it('is off by default, and read as a boolean', () => {
    assert.equal(loadEnvironment({}).dpop, false);
    for (const on of ['true', 'TRUE', '1']) assert.equal(loadEnvironment({ AUTH0_DPOP: on }).dpop, true, on);
    for (const off of ['false', '0', '']) assert.equal(loadEnvironment({ AUTH0_DPOP: off }).dpop, false, off);
    assert.deepEqual(problemsOf({ AUTH0_DPOP: 'yes' }), ['AUTH0_DPOP must be true or false, got "yes".']);
  });

  it('is refused with the implicit flow, in one line saying to use the code flow', () => {
    assert.deepEqual(problemsOf({ AUTH0_DPOP: 'true', AUTH0_FLOW: 'implicit' }), [
      'AUTH0_DPOP=true needs the code flow, but AUTH0_FLOW is implicit (its tokens come from the authorization endpoint, where no DPoP proof can be sent): set AUTH0_FLOW=code, or AUTH0_DPOP=false.',
    ]);
    assert.equal(loadEnvironment({ AUTH0_DPOP: 'false', AUTH0_FLOW: 'implicit' }).flow, 'implicit');
  });
});

describe("a tenant's values without AUTH0_DOMAIN", () => {
  const CLIENT_ID = 'PKXy9nN3CcRpcSKpKeSfyA3z8WPkVxSF';
  const fix =
    "set AUTH0_DOMAIN to your tenant's domain (in the Auth0 dashboard open Applications → Applications → your application → Settings and copy its Domain)";

  it('are refused in one line saying what to set: an Auth0 Client ID, a tenant issuer, or both', () => {
    assert.deepEqual(problemsOf({ AUTH0_CLIENT_ID: CLIENT_ID, AUTH0_AUDIENCE: 'https://quickstarts/api' }), [
      `AUTH0_CLIENT_ID holds an Auth0 Client ID ("${CLIENT_ID}"), but AUTH0_DOMAIN is not set, so the local authorization server would run instead of your tenant: ${fix}, or remove it to use the local server.`,
    ]);
    assert.deepEqual(problemsOf({ AUTH0_ISSUER_BASE_URL: 'https://login.example.com/' }), [
      `AUTH0_ISSUER_BASE_URL holds a tenant's issuer ("https://login.example.com/"), but AUTH0_DOMAIN is not set, so the local authorization server would run instead of your tenant: ${fix}, or remove it to use the local server.`,
    ]);
    const both = problemsOf({ AUTH0_CLIENT_ID: CLIENT_ID, AUTH0_ISSUER_BASE_URL: 'https://login.example.com/' });
    assert.equal(both.length, 1, both.join('\n'));
    assert.match(
      both[0],
      /^AUTH0_CLIENT_ID holds .* and AUTH0_ISSUER_BASE_URL holds a tenant's issuer .*, or remove them /
    );
  });

  it("are taken with AUTH0_DOMAIN; the local server's own client ids, audiences and issuers stay allowed", () => {
    assert.equal(
      loadEnvironment({
        AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
        AUTH0_CLIENT_ID: CLIENT_ID,
        AUTH0_AUDIENCE: 'x:y',
      }).clientId,
      CLIENT_ID
    );
    const local = loadEnvironment({
      AUTH0_CLIENT_ID: 'second-app',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
      AUTH0_ISSUER_BASE_URL: 'http://localhost:4000/',
    });
    assert.deepEqual([local.mode, local.clientId, local.audience], ['local', 'second-app', 'https://quickstarts/api']);
  });
});
