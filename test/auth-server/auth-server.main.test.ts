/**
 * `npm run start:auth` as a user runs it: a child process, in a folder of its own (so neither the project's `.env`
 * nor its key file is touched), with a clean environment.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { canListen, freePorts, portInUseAdvice } from '../support/processes';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'auth-server', 'auth-server.main.ts');
const TSX = import.meta.resolve('tsx');
// Printed by oidc-provider itself on import under Node 20 (it supports Node 22+); not ours to reword.
const NODE20_NOTICE = /^oidc-provider WARNING: Unsupported runtime/;

interface Run {
  lines: () => string[];
  exited: Promise<number | null>;
  stop: () => void;
}

function run(cwd: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve(code);
    })
  );
  return {
    lines: () => output.split('\n').filter((line) => line && !NODE20_NOTICE.test(line)),
    exited,
    stop: () => child.kill('SIGTERM'),
  };
}

async function waitForLine(started: Run, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!started.lines().some((line) => pattern.test(line))) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${started.lines().join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Eight starts of the server, each a few seconds on two shared cores.
describe('npm run start:auth', { timeout: 120_000 }, () => {
  let cwd: string;
  before(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'auth-server-main-'));
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  it('starts, says it is for development only, shows issuer and demo user, answers discovery, stops on SIGTERM', async () => {
    const [port] = await freePorts(1);
    const started = run(cwd, { AUTH_PORT: String(port) });
    try {
      await waitForLine(started, new RegExp(`ready on http://localhost:${port}\\b`));
      const banner = started.lines().join('\n');
      assert.match(banner, /development and tests only/);
      assert.ok(banner.includes(`http://localhost:${port}/`), 'the issuer');
      assert.match(banner, /demo@example\.com \/ demo-password/);
      const discovery = await fetch(`http://localhost:${port}/.well-known/openid-configuration`);
      assert.equal(discovery.status, 200);
      assert.equal((await stat(join(cwd, '.data', 'auth-server', 'signing-key.json'))).mode & 0o777, 0o600);
    } finally {
      started.stop();
    }
    assert.equal(await started.exited, 0);
  });

  it('refuses NODE_ENV=production in any spelling, prod included, in one line, exit code 1', async () => {
    const spellings = ['production', 'Production', 'PRODUCTION ', ' production ', 'prod', 'PROD', ' Prod '];
    const runs = spellings.map((spelling) => run(cwd, { NODE_ENV: spelling }));
    for (const [index, started] of runs.entries()) {
      const spelling = spellings[index];
      assert.equal(await started.exited, 1, JSON.stringify(spelling));
      assert.equal(started.lines().length, 1, started.lines().join('\n'));
      assert.equal(
        started.lines()[0],
        `auth-server: refusing to start with NODE_ENV=${JSON.stringify(spelling)}: this server is for development ` +
          'and tests only; use an Auth0 tenant (set AUTH0_DOMAIN).'
      );
    }
  });

  it('starts under NODE_ENV values that are not production (staging, preprod)', async () => {
    const values = ['staging', 'preprod'];
    const ports = await freePorts(values.length);
    const runs = values.map((nodeEnv, index) => run(cwd, { AUTH_PORT: String(ports[index]), NODE_ENV: nodeEnv }));
    try {
      await Promise.all(
        runs.map((started, index) => waitForLine(started, new RegExp(`ready on http://localhost:${ports[index]}\\b`)))
      );
    } finally {
      for (const started of runs) started.stop();
    }
    for (const started of runs) assert.equal(await started.exited, 0);
  });

  it('refuses a bad ALLOWED_* list in one line naming the variable, exit code 1', async () => {
    const cases: [string, string][] = [
      ['ALLOWED_CALLBACK_URLS', 'http://localhost:5000, callback'],
      ['ALLOWED_LOGOUT_URLS', 'https://*.example.com'],
      ['ALLOWED_WEB_ORIGINS', 'http://localhost:5000/app'],
    ];
    const runs = cases.map(([name, value]) => run(cwd, { [name]: value }));
    for (const [index, started] of runs.entries()) {
      const [name] = cases[index];
      assert.equal(await started.exited, 1, name);
      assert.equal(started.lines().length, 1, started.lines().join('\n'));
      assert.match(started.lines()[0], new RegExp(`^auth-server: configuration error: ${name} `));
    }
  });

  it('names a custom demo password by its variable and never prints it', async () => {
    const [port] = await freePorts(1);
    const password = 'my-own-secret-4711';
    const started = run(cwd, { AUTH_PORT: String(port), DEMO_USER_PASSWORD: password });
    try {
      await waitForLine(started, new RegExp(`ready on http://localhost:${port}\\b`));
      const banner = started.lines().join('\n');
      assert.ok(!banner.includes(password), banner);
      assert.doesNotMatch(banner, /demo-password/);
      assert.ok(
        started
          .lines()
          .includes('auth-server: demo user demo@example.com, with the password you set in DEMO_USER_PASSWORD'),
        banner
      );
    } finally {
      started.stop();
    }
    assert.equal(await started.exited, 0);
  });

  it('refuses to run against an Auth0 tenant, saying it is not needed', async () => {
    const started = run(cwd, {
      AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
      AUTH0_CLIENT_ID: 'abc123',
      AUTH0_AUDIENCE: 'https://quickstart/api',
    });
    assert.equal(await started.exited, 1);
    assert.equal(started.lines().length, 1, started.lines().join('\n'));
    assert.match(started.lines()[0], /^auth-server: not needed: AUTH0_DOMAIN is set/);
  });

  it('reports a port in use in one line with an AUTH_PORT that is free, exit code 1', async () => {
    const [port] = await freePorts(1);
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, 'localhost', resolve));
    try {
      const started = run(cwd, { AUTH_PORT: String(port) });
      assert.equal(await started.exited, 1);
      assert.equal(started.lines().length, 1, started.lines().join('\n'));
      const advice = portInUseAdvice(started.lines()[0] ?? '', 'auth-server', port);
      assert.deepEqual(advice.set, { AUTH_PORT: String(advice.freePort) });
      assert.ok(await canListen(advice.freePort), `port ${advice.freePort} is not free`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('reports a corrupt key file in one line naming it, exit code 1', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'auth-server-corrupt-'));
    try {
      await mkdir(join(folder, '.data', 'auth-server'), { recursive: true });
      const keyFile = join(folder, '.data', 'auth-server', 'signing-key.json');
      await writeFile(keyFile, '{ broken');
      const [port] = await freePorts(1);
      const started = run(folder, { AUTH_PORT: String(port) });
      assert.equal(await started.exited, 1);
      assert.equal(started.lines().length, 1, started.lines().join('\n'));
      assert.ok(started.lines()[0].includes(keyFile));
      assert.match(started.lines()[0], /delete it/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
