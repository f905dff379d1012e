/**
 * A misspelt variable is ignored by the loader, so it must be told: which names are taken for one of ours (and which
 * one), where each was set, and the one list of known names staying complete as variables are added.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkEnvironment } from '../../src/config/configuration-check';
import { ConfigError, KNOWN_VARIABLES, loadDotenv, loadEnvironment } from '../../src/config/environment';
import { WARNINGS_SHOWN } from '../../src/config/startup';
import { closestKnownName, unknownVariableWarnings } from '../../src/config/variable-names';
import { projectRoot } from '../support/processes';

const TENANT = {
  AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
  AUTH0_CLIENT_ID: 'k5Qx0Zb1Example0ClientId0123456789',
  AUTH0_AUDIENCE: 'https://quickstarts/api',
};

const warningsFor = (vars: Record<string, string>) => unknownVariableWarnings(vars, KNOWN_VARIABLES);

describe('a name that looks like one of the variables', () => {
  it('is matched to the one meant: a typo, the letter O for 0, another case, a dropped underscore', () => {
    const meant: [string, string][] = [
      ['AUTH0_DOMIAN', 'AUTH0_DOMAIN'],
      ['AUTHO_FLOW', 'AUTH0_FLOW'],
      ['AUTHO_DOMAIN', 'AUTH0_DOMAIN'],
      ['auth0_domain', 'AUTH0_DOMAIN'],
      ['AUTH0_CLIENTID', 'AUTH0_CLIENT_ID'],
      ['AUTH0_AUDIANCE', 'AUTH0_AUDIENCE'],
      ['AUTH_DOMAIN', 'AUTH0_DOMAIN'],
      ['ALOWED_WEB_ORIGINS', 'ALLOWED_WEB_ORIGINS'],
      ['ALLOWED_CALLBACK_URL', 'ALLOWED_CALLBACK_URLS'],
      ['DEMO_USER_PASWORD', 'DEMO_USER_PASSWORD'],
      ['API_PORTS', 'API_PORT'],
      ['APP_ORIGN', 'APP_ORIGIN'],
      ['ACCESS_TOKEN_LIFE_TIME', 'ACCESS_TOKEN_LIFETIME'],
    ];
    for (const [name, known] of meant) assert.equal(closestKnownName(name, KNOWN_VARIABLES), known, name);
    for (const name of ['AUTH0_CLIENT_SECRET', 'AUTH0_TENANT', 'API_KEY', 'NODE_OPTIONS', 'PATH', 'HOME']) {
      assert.equal(closestKnownName(name, KNOWN_VARIABLES), undefined, `${name} is close to none`);
    }
  });

  it('is told in one line, with where it was set and the name meant', () => {
    assert.deepEqual(
      unknownVariableWarnings(
        { AUTH0_DOMIAN: 'dev-quickstart.us.auth0.com', AUTHO_FLOW: 'implicit' },
        KNOWN_VARIABLES,
        new Set(['AUTHO_FLOW'])
      ),
      [
        'AUTH0_DOMIAN (in the environment) is not a variable this quickstart reads, so it is ignored: did you mean AUTH0_DOMAIN?',
        'AUTHO_FLOW (in .env) is not a variable this quickstart reads, so it is ignored: did you mean AUTH0_FLOW?',
      ]
    );
  });

  it('with no close name but one of our prefixes, is told with the names of that family', () => {
    assert.deepEqual(warningsFor({ AUTH0_TENANT: 'dev-quickstart', SERVE_PORT: '8080' }), [
      'AUTH0_TENANT (in the environment) is not a variable this quickstart reads, so it is ignored; the AUTH0_ variables it reads are AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_AUDIENCE, AUTH0_ISSUER_BASE_URL, AUTH0_FLOW and AUTH0_DPOP.',
      'SERVE_PORT (in the environment) is not a variable this quickstart reads, so it is ignored; the SERVE_ variables it reads are SERVE_HOST and SERVE_DIR.',
    ]);
  });

  it("leaves alone the variables it reads, empty values, and a shell's or another tool's names", () => {
    const ours = Object.fromEntries(KNOWN_VARIABLES.map((name) => [name, 'x']));
    const others = {
      PATH: '/usr/bin',
      HOME: '/home/me',
      SHELL: '/bin/bash',
      TERM: 'xterm',
      LANG: 'C.UTF-8',
      USER: 'me',
      PWD: '/work',
      NODE_OPTIONS: '--max-old-space-size=4096',
      NODE_PATH: '/lib',
      npm_config_cache: '/tmp/npm',
      npm_lifecycle_event: 'start',
      E2E_BROWSERS: 'chromium',
      FORCE_COLOR: '1',
      NO_COLOR: '1',
      CI: 'true',
      AUTH0_DOMIAN: '',
    };
    assert.deepEqual(warningsFor({ ...ours, ...others }), []);
  });

  it('is told by check-config even when the values fail, and says .env when it came from there', () => {
    const folder = mkdtempSync(join(tmpdir(), 'variable-names-'));
    try {
      const file = join(folder, '.env');
      writeFileSync(
        file,
        'AUTH0_DOMIAN=dev-quickstart.us.auth0.com\nAPI_PORT=3101\nAPP_ORIGIN=http://localhost:3100\n'
      );
      const vars: Record<string, string | undefined> = { APP_ORIGIN: 'http://localhost:3000' };
      const fromDotenv = loadDotenv(file, vars);
      assert.deepEqual([...fromDotenv].sort(), ['API_PORT', 'AUTH0_DOMIAN'], 'the environment wins over the file');
      assert.equal(vars.APP_ORIGIN, 'http://localhost:3000');
      const check = checkEnvironment({ ...vars, API_PORT: 'abc' }, { fromDotenv });
      assert.equal(check.problems.length, 1);
      assert.deepEqual(
        check.warnings.map(({ code, message }) => [code, message]),
        [
          [
            'unknown-variable',
            'AUTH0_DOMIAN (in .env) is not a variable this quickstart reads, so it is ignored: did you mean AUTH0_DOMAIN?',
          ],
        ]
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** Every variable name a server or script reads from process.env by name (`process.env.X`, `env.X`, `env['X']`). */
function namesReadInSources(): Map<string, string> {
  const found = new Map<string, string>();
  for (const folder of ['src/config', 'src/api', 'src/auth-server', 'scripts']) {
    for (const file of readdirSync(join(projectRoot, folder), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      const text = readFileSync(join(projectRoot, folder, file), 'utf8');
      for (const match of text.matchAll(/\b(?:process\.env|env)(?:\.|\[\s*['"])([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b/g)) {
        found.set(match[1], `${folder}/${file}`);
      }
    }
  }
  return found;
}

/** The names loadEnvironment reads (asks its argument for), in either mode, either flow, with DPoP on and off. */
function namesLoadEnvironmentReads(): Set<string> {
  const read = new Set<string>();
  const recording = (values: Record<string, string>) =>
    new Proxy(values, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return target[name as string];
      },
    });
  const cases: Record<string, string>[] = [
    {},
    { AUTH0_FLOW: 'implicit', AUTH0_DPOP: 'true' },
    TENANT,
    { ...TENANT, AUTH0_FLOW: 'implicit', AUTH0_ISSUER_BASE_URL: 'https://login.example.com/' },
  ];
  for (const values of cases) {
    try {
      loadEnvironment(recording(values));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return read;
}

const isKnown = (name: string) => (KNOWN_VARIABLES as readonly string[]).includes(name);

describe('the list of known variables (KNOWN_VARIABLES)', () => {
  it('names every variable loadEnvironment reads', () => {
    const read = namesLoadEnvironmentReads();
    assert.ok(read.has('AUTH0_DOMAIN') && read.has('AUTH0_DPOP'), 'the reads were seen');
    assert.deepEqual(
      [...read].filter((name) => !isKnown(name)),
      [],
      'loadEnvironment reads these, and a user who sets one is told it is unknown: add them to KNOWN_VARIABLES'
    );
  });

  it('names every variable a server or script reads by name', () => {
    const read = namesReadInSources();
    assert.ok(read.has('SERVE_HOST'), 'the scan finds what scripts/serve.ts reads');
    assert.deepEqual(
      [...read].filter(([name]) => !isKnown(name)),
      [],
      'read here but missing from KNOWN_VARIABLES'
    );
  });

  it("holds every name .env.example and the README's Configuration table show, so a copied line is taken", () => {
    const example = readFileSync(join(projectRoot, '.env.example'), 'utf8');
    const shown = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Configuration'), readme.indexOf('## Scripts'));
    for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) {
      shown.push(...[...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]));
    }
    assert.ok(shown.includes('AUTH0_DPOP') && shown.includes('SERVE_DIR'), 'both documents were read');
    assert.deepEqual(
      shown.filter((name) => !isKnown(name)),
      []
    );
  });

  it('names nothing that nothing reads', () => {
    const read = new Set([...namesLoadEnvironmentReads(), ...namesReadInSources().keys(), WARNINGS_SHOWN]);
    assert.deepEqual(
      KNOWN_VARIABLES.filter((name) => !read.has(name)),
      []
    );
  });
});
