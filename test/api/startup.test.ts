/**
 * `npm run start:api` as a user runs it: the real entry point in a child process, with a time limit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { canListen, freePorts, portInUseAdvice } from '../support/processes';
import { AUDIENCE, TestIssuer } from './support/test-issuer';

const MAIN = fileURLToPath(new URL('../../src/api/api.main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
// An empty working directory, so a developer's own .env cannot change what these tests see.
const CWD = mkdtempSync(join(tmpdir(), 'api-startup-'));

interface Child {
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
  signal(name: NodeJS.Signals): void;
  waitForStdout(pattern: RegExp): Promise<void>;
}

function startApi(env: Record<string, string>, limitMs = 15_000): Child {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd: CWD,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { stdout: '', stderr: '' };
  const watchers: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    state.stdout += chunk.toString();
    for (const watcher of watchers) watcher();
  });
  child.stderr.on('data', (chunk: Buffer) => (state.stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    })
  );
  return {
    get stdout() {
      return state.stdout;
    },
    get stderr() {
      return state.stderr;
    },
    exited,
    signal: (name) => child.kill(name),
    waitForStdout: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => pattern.test(state.stdout) && resolve();
        watchers.push(check);
        check();
        void exited.then(() => reject(new Error(`exited before printing ${pattern}:\n${state.stderr}`)));
      }),
  };
}

function get(
  port: number,
  path: string,
  token?: string,
  agent?: Agent
): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const req = request({ host: 'localhost', port, path, headers, agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end();
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

let issuer: TestIssuer;

before(async () => {
  issuer = await TestIssuer.start();
});

after(async () => {
  await issuer.close();
  rmSync(CWD, { recursive: true, force: true });
});

describe('start-up', () => {
  const badEnvironments: [string, Record<string, string>, RegExp][] = [
    [
      'an issuer on plain http elsewhere',
      { AUTH0_ISSUER_BASE_URL: 'http://auth.example.com/' },
      /^api: configuration error: AUTH0_ISSUER_BASE_URL must use https/,
    ],
    [
      'a placeholder audience copied from .env.example',
      { AUTH0_AUDIENCE: 'YOUR_API_IDENTIFIER' },
      /^api: configuration error: AUTH0_AUDIENCE still holds the placeholder/,
    ],
    [
      'a client id equal to the audience, which would let ID tokens pass',
      { AUTH0_CLIENT_ID: AUDIENCE, AUTH0_AUDIENCE: AUDIENCE },
      /^api: configuration error: AUTH0_CLIENT_ID and AUTH0_AUDIENCE are both "urn:quickstart:api": an ID token/,
    ],
    [
      'a nonsensical clock tolerance',
      { API_CLOCK_TOLERANCE_SECONDS: 'a while' },
      /^api: configuration error: API_CLOCK_TOLERANCE_SECONDS must be/,
    ],
  ];
  for (const [label, env, expected] of badEnvironments) {
    it(`fails fast on ${label}: one line per problem, exit 1`, async () => {
      const [port] = await freePorts(1);
      const child = startApi({ API_PORT: String(port), ...env });
      assert.equal(await child.exited, 1);
      assert.deepEqual(lines(child.stdout), []);
      const printed = lines(child.stderr);
      assert.match(printed[0] ?? '', expected);
      assert.equal(printed.length, 1, child.stderr);
    });
  }

  it('says in one line that the port is taken and which API_PORT is free, and exits 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, 'localhost', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const child = startApi({ API_PORT: String(port), AUTH0_ISSUER_BASE_URL: issuer.issuer });
      assert.equal(await child.exited, 1);
      const printed = lines(child.stderr);
      assert.equal(printed.length, 1, child.stderr);
      const advice = portInUseAdvice(printed[0] ?? '', 'api', port);
      assert.deepEqual(advice.set, { API_PORT: String(advice.freePort) });
      assert.ok(await canListen(advice.freePort), `port ${advice.freePort} is not free`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('starts while the issuer is down, answers what needs no keys, and 503 (not 401) for tokens', async () => {
    const [port, issuerPort] = await freePorts(2);
    const downIssuer = `http://localhost:${issuerPort}/`;
    const child = startApi({ API_PORT: String(port), AUTH0_ISSUER_BASE_URL: downIssuer });
    try {
      await child.waitForStdout(/ready on/);
      assert.match(child.stdout, new RegExp(`ready on http://localhost:${port}\\b.*${downIssuer}`));
      assert.equal((await get(port, '/healthz')).status, 200);
      assert.equal((await get(port, '/api/public')).status, 200);
      const unjudged = await get(port, '/api/private', await issuer.token());
      assert.equal(unjudged.status, 503);
      assert.equal(JSON.parse(unjudged.body).error, 'temporarily_unavailable');
    } finally {
      child.signal('SIGTERM');
      assert.equal(await child.exited, 0);
    }
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const [port] = await freePorts(1);
    // The JWKS answers slowly, so a first verified request is still in flight when the signal comes.
    issuer.delayMs = 1_500;
    const child = startApi({ API_PORT: String(port), AUTH0_ISSUER_BASE_URL: issuer.issuer, AUTH0_AUDIENCE: AUDIENCE });
    try {
      await child.waitForStdout(/ready on/);
      const inFlight = get(port, '/api/private', await issuer.token());
      // Time for the request to reach the API even on a busy machine (an unparsed connection counts as idle).
      await new Promise((resolve) => setTimeout(resolve, 600));
      child.signal('SIGTERM');
      const reply = await inFlight;
      assert.equal(reply.status, 200, reply.body);
      assert.equal(await child.exited, 0);
      assert.match(child.stdout, /SIGTERM received/);
    } finally {
      issuer.delayMs = 0;
      child.signal('SIGKILL');
    }
  });
});

describe('a restart under load', () => {
  it('answers each request sent on a kept-alive connection (with Connection: close) or refuses the connection', async () => {
    const [port] = await freePorts(1);
    const child = startApi({ API_PORT: String(port), AUTH0_ISSUER_BASE_URL: issuer.issuer, AUTH0_AUDIENCE: AUDIENCE });
    // One connection per client, kept alive between its requests.
    const agents = Array.from({ length: 7 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
    const [quiet, ...busy] = agents as [Agent, ...Agent[]];
    try {
      await child.waitForStdout(/ready on/);
      const token = await issuer.token();
      assert.equal((await get(port, '/api/private', token, quiet)).status, 200);
      let answered = 0;
      // Each busy client sends its requests back to back until its connection is refused (at most 3,000).
      const clients = busy.map(async (agent) => {
        const seen: { connection?: string; error?: string }[] = [];
        for (let i = 0; i < 3_000; i++) {
          try {
            const reply = await get(port, '/api/private', token, agent);
            assert.equal(reply.status, 200, reply.body);
            answered += 1;
            seen.push({ connection: reply.connection });
          } catch (error) {
            seen.push({ error: (error as NodeJS.ErrnoException).code ?? String(error) });
            break;
          }
        }
        return seen;
      });
      while (answered < 300) await new Promise((resolve) => setTimeout(resolve, 20));
      child.signal('SIGTERM');
      // The quiet client's connection was idle when the signal came; its next request still gets an answer.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const late = await get(port, '/api/private', token, quiet);
      assert.equal(late.status, 200);
      assert.equal(late.connection, 'close');

      for (const seen of await Promise.all(clients)) {
        const last = seen.at(-1);
        assert.equal(last?.error, 'ECONNREFUSED', JSON.stringify(last));
        assert.equal(seen.at(-2)?.connection, 'close', 'the answer before the refusal closed the connection');
        assert.deepEqual(
          seen.filter((outcome) => outcome.error),
          [last]
        );
      }
      assert.equal(await child.exited, 0);
    } finally {
      for (const agent of agents) agent.destroy();
      child.signal('SIGKILL');
    }
  });
});
