import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadEnvironment } from '../../src/config/environment';
import { spaHeaders } from '../../src/config/spa-headers';
import {
  canListen,
  freeLocalPorts,
  freePorts,
  localEnvironment,
  portInUseAdvice,
  startEntry,
  stop,
  waitForOutput,
  type LocalPorts,
  type PortAdvice,
  type Started,
} from '../support/processes';

/**
 * The lines npm start prints as it refuses `vars` (on free ports, the tenant variables blank, whatever a developer's
 * .env says). Should it start instead, it is stopped within a bounded time and the test fails.
 */
async function refusal(vars: Record<string, string>): Promise<string[]> {
  const run = startEntry('scripts/start.ts', { ...localEnvironment(await freeLocalPorts()), ...vars });
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([
    run.exited,
    new Promise<'running'>((resolve) => (timer = setTimeout(resolve, 10_000, 'running'))),
  ]);
  clearTimeout(timer);
  if (ended === 'running') {
    await stop(run);
    assert.fail(`npm start did not refuse:\n${run.output()}`);
  }
  assert.equal(ended, 1, run.output());
  return run.output().trim().split('\n');
}

describe('npm start refuses to run half-configured', { timeout: 60_000 }, () => {
  const holders: Server[] = [];
  /**
   * `count` consecutive ports that are free now: a suggestion searches upwards from the busy port, so neighbours are
   * where it could wrongly land on another service's port or on one already suggested.
   */
  async function consecutiveFreePorts(count: number): Promise<number[]> {
    for (;;) {
      const [first] = (await freePorts(1)) as [number];
      const ports = Array.from({ length: count }, (_, i) => first + i);
      if ((await Promise.all(ports.map(canListen))).every(Boolean)) return ports;
    }
  }
  /** Takes the ports as another program would, for instance an earlier `npm start` still running. */
  async function hold(ports: number[]): Promise<void> {
    for (const port of ports) {
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(port, 'localhost', resolve));
      holders.push(holder);
    }
  }
  after(() => Promise.all(holders.map((holder) => new Promise<void>((resolve) => holder.close(() => resolve())))));

  it('names the port in use and a value of APP_ORIGIN that works, in one line, starting nothing', async () => {
    const [busyPort, apiPort, authPort] = (await consecutiveFreePorts(3)) as [number, number, number];
    await hold([busyPort]);
    const env = {
      AUTH0_DOMAIN: '',
      APP_ORIGIN: `http://localhost:${busyPort}`,
      API_PORT: String(apiPort),
      AUTH_PORT: String(authPort),
    };
    const run = startEntry('scripts/start.ts', env);
    assert.equal(await run.exited, 1);
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 1, run.output());
    // APP_ORIGIN is a URL: "set APP_ORIGIN to a free port" led to APP_ORIGIN=3005, which is refused.
    const advice = portInUseAdvice(lines[0] ?? '', 'start', busyPort);
    assert.deepEqual(advice.set, { APP_ORIGIN: `http://localhost:${advice.freePort}` });
    assert.equal(advice.rest, '');
    assert.ok(![busyPort, apiPort, authPort].includes(advice.freePort), `${advice.freePort} is taken`);
    assert.ok(await canListen(advice.freePort));
    assert.equal(loadEnvironment({ ...env, ...advice.set }).appPort, advice.freePort);
  });

  it('gives each busy port its own free one, and moves API_URL with API_PORT', async () => {
    const [appPort, apiPort, authPort] = (await consecutiveFreePorts(3)) as [number, number, number];
    await hold([appPort, apiPort, authPort]);
    const env = {
      AUTH0_DOMAIN: '',
      APP_ORIGIN: `http://localhost:${appPort}`,
      API_PORT: String(apiPort),
      API_URL: `http://localhost:${apiPort}`,
      AUTH_PORT: String(authPort),
    };
    const run = startEntry('scripts/start.ts', env);
    assert.equal(await run.exited, 1);
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 3, run.output());
    const advice = [authPort, apiPort, appPort].map((port, i) => portInUseAdvice(lines[i] ?? '', 'start', port));
    const [auth, api, app] = advice as [PortAdvice, PortAdvice, PortAdvice];
    assert.deepEqual(auth.set, { AUTH_PORT: String(auth.freePort) });
    assert.deepEqual(api.set, { API_PORT: String(api.freePort), API_URL: `http://localhost:${api.freePort}` });
    assert.deepEqual(app.set, { APP_ORIGIN: `http://localhost:${app.freePort}` });
    const suggested = advice.map(({ freePort }) => freePort);
    assert.equal(new Set([...suggested, appPort, apiPort, authPort]).size, 6, `${suggested} reuse a port`);
    // Taking all three pieces of advice gives a configuration that starts.
    const fixed = loadEnvironment({ ...env, ...auth.set, ...api.set, ...app.set });
    assert.deepEqual([fixed.appPort, fixed.apiPort, fixed.authPort], [app.freePort, api.freePort, auth.freePort]);
    assert.equal(fixed.apiUrl, `http://localhost:${api.freePort}`);
  });

  it('refuses DPoP with the implicit flow in one line naming the variable to set', async () => {
    assert.deepEqual(await refusal({ AUTH0_DPOP: 'true', AUTH0_FLOW: 'implicit' }), [
      'start: configuration error: AUTH0_DPOP=true needs the code flow, but AUTH0_FLOW is implicit (its tokens come from the authorization endpoint, where no DPoP proof can be sent): set AUTH0_FLOW=code, or AUTH0_DPOP=false.',
    ]);
  });

  it("refuses a tenant's client id under a misspelt AUTH0_DOMAIN instead of running the local server with it", async () => {
    const lines = await refusal({
      AUTH0_DOMIAN: 'dev-quickstart.us.auth0.com',
      AUTH0_CLIENT_ID: 'PKXy9nN3CcRpcSKpKeSfyA3z8WPkVxSF',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
    });
    assert.deepEqual(lines, [
      `start: configuration error: AUTH0_CLIENT_ID holds an Auth0 Client ID ("PKXy9nN3CcRpcSKpKeSfyA3z8WPkVxSF"), but AUTH0_DOMAIN is not set, so the local authorization server would run instead of your tenant: set AUTH0_DOMAIN to your tenant's domain (in the Auth0 dashboard open Applications → Applications → your application → Settings and copy its Domain), or remove it to use the local server.`,
      'start: warning: AUTH0_DOMIAN (in the environment) is not a variable this quickstart reads, so it is ignored: did you mean AUTH0_DOMAIN?',
    ]);
  });

  it('lists every configuration problem, one line each, without a stack trace', async () => {
    const run = startEntry('scripts/start.ts', {
      AUTH0_DOMAIN: 'your-tenant.us.auth0.com',
      AUTH0_CLIENT_ID: '',
      AUTH0_AUDIENCE: '',
    });
    assert.equal(await run.exited, 1);
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 3);
    for (const line of lines) assert.match(line, /^start: configuration error: AUTH0_(DOMAIN|CLIENT_ID|AUDIENCE) /);
  });
});

/** What the dev server's live-reload socket first says to a page at `origin` that dials it at `host`, as a browser. */
function firstSocketMessage(port: number, host: string, origin: string): Promise<{ type: string; data?: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: 'localhost',
      port,
      path: '/ws',
      headers: {
        Host: host,
        Origin: origin,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    req.setTimeout(5_000, () => req.destroy(new Error(`no answer from the socket for ${origin}`)));
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`the socket answered HTTP ${res.statusCode} for ${origin}`)));
    // The first frame the server sends: a short unmasked text frame holding JSON.
    req.on('upgrade', (_res, socket, head: Buffer) => {
      let data = head;
      const take = (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        const extended = (data[1] ?? 0) & 0x7f;
        const start = extended === 126 ? 4 : 2;
        if (data.length < start) return;
        const length = extended === 126 ? data.readUInt16BE(2) : extended;
        if (data.length < start + length) return;
        socket.destroy();
        resolve(JSON.parse(data.subarray(start, start + length).toString()));
      };
      socket.on('data', take);
      take(Buffer.alloc(0));
    });
    req.end();
  });
}

describe('npm start, once ready', { timeout: 180_000 }, () => {
  let ports: LocalPorts;
  let env: Record<string, string>;
  let run: Started;
  before(async () => {
    ports = await freeLocalPorts();
    // AUTHO_FLOW (the letter O): the misspelt variable a user reported, which changed nothing and said nothing.
    env = { ...localEnvironment(ports), AUTHO_FLOW: 'implicit' };
    run = startEntry('scripts/start.ts', env);
    await waitForOutput(run, /Quickstart ready: open /, 150_000);
  });
  after(() => stop(run));

  it('prints http://localhost:PORT, never 127.0.0.1 (where login fails with invalid_redirect_uri)', () => {
    // The dev server's own address listing comes before the ready line.
    const output = run.output();
    assert.match(output, new RegExp(`Quickstart ready: open http://localhost:${ports.app}\\n`));
    assert.match(output, new RegExp(`\\[spa\\] .*Loopback: http://localhost:${ports.app}/\\n`));
    assert.doesNotMatch(output, /127\.0\.0\.1|\[::1\]/);
  });

  it('says which login flow runs, and the variable that chose it, with DPoP next to it', () => {
    const ready = run.output().slice(run.output().indexOf('Quickstart ready'));
    assert.match(
      ready,
      /\n {2}Login flow: Authorization Code with PKCE and rotating refresh tokens \(AUTH0_FLOW=code\)\.\n {2}DPoP: off \(AUTH0_DPOP=false\): Bearer tokens\.\n/
    );
  });

  it('warns once about a misspelt variable, naming the one meant, and not again from each server', () => {
    const lines = run.output().split('\n');
    assert.deepEqual(
      lines.filter((line) => line.includes('AUTHO_FLOW')),
      [
        'start: warning: AUTHO_FLOW (in the environment) is not a variable this quickstart reads, so it is ignored: did you mean AUTH0_FLOW?',
      ]
    );
  });

  it('takes the live-reload socket of a page opened at 127.0.0.1, and still refuses other sites', async () => {
    // Where the page's dev-server client dials: the hostname in its entry's query, or the page's own host when that
    // is an any-address (the client's rule).
    const response = await fetch(`http://localhost:${ports.app}/main.js`, { signal: AbortSignal.timeout(10_000) });
    const query = /webpack-dev-server\/client\/index\.js\?([^"'\s!*]+)/.exec(await response.text());
    assert.ok(query, 'the bundle carries the dev-server client');
    const told = new URLSearchParams(query[1]).get('hostname') ?? '';
    const dialled = (page: string) => (['0.0.0.0', '::', '[::]'].includes(told) ? page : told);
    const port = ports.app;
    for (const page of ['127.0.0.1', 'localhost']) {
      const answer = await firstSocketMessage(port, `${dialled(page)}:${port}`, `http://${page}:${port}`);
      assert.notEqual(answer.type, 'error', `a page at ${page} is refused: ${JSON.stringify(answer)}`);
    }
    // Another site, and a page at another IP address whichever host it dials: refused as before.
    const refused = { type: 'error', data: 'Invalid Host/Origin header' };
    for (const [host, origin] of [
      [`localhost:${port}`, 'http://evil.example'],
      [`127.0.0.1:${port}`, 'http://203.0.113.7'],
      [`[::]:${port}`, 'http://203.0.113.7'],
      [`0.0.0.0:${port}`, 'http://203.0.113.7'],
    ] as const) {
      assert.deepEqual(await firstSocketMessage(port, host, origin), refused, `${origin} dialling ${host}`);
    }
  });

  it('serves the SPA with the security headers of npm run serve: the callback page sends no Referer', async () => {
    const expected = spaHeaders(loadEnvironment(env), { liveReload: true });
    assert.equal(expected['Referrer-Policy'], 'no-referrer');
    // The callback page itself (its URL carries the code) and a script it loads.
    for (const path of ['/callback?code=a-code&state=a-state', '/main.js']) {
      const response = await fetch(`http://localhost:${ports.app}${path}`, { signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      assert.equal(response.status, 200, path);
      for (const [name, value] of Object.entries(expected))
        assert.equal(response.headers.get(name), value, `${name} of ${path}`);
    }
  });
});
