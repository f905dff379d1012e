import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freeLocalPorts, freePorts, localEnvironment, startEntry, stop, waitForOutput } from '../support/processes';

describe('npm start refuses to run half-configured', { timeout: 30_000 }, () => {
  let holder: Server;
  let busyPort: number;

  before(async () => {
    [busyPort] = await freePorts(1);
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(busyPort, 'localhost', resolve));
  });
  after(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('names the port already in use and the variable to change, in one line, starting nothing', async () => {
    const [apiPort, authPort] = await freePorts(2);
    const run = startEntry('scripts/start.ts', {
      AUTH0_DOMAIN: '',
      APP_ORIGIN: `http://localhost:${busyPort}`,
      API_PORT: String(apiPort),
      AUTH_PORT: String(authPort),
    });
    assert.equal(await run.exited, 1);
    assert.equal(
      run.output().trim(),
      `start: port ${busyPort} is already in use: stop whatever is using it, or set APP_ORIGIN to a free port.`
    );
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

describe('npm start prints only the address that works', { timeout: 180_000 }, () => {
  it('http://localhost:PORT, never 127.0.0.1 (where login fails with invalid_redirect_uri)', async () => {
    const ports = await freeLocalPorts();
    const run = startEntry('scripts/start.ts', localEnvironment(ports));
    try {
      await waitForOutput(run, /Quickstart ready: open /, 150_000);
      // The dev server's own address listing comes before the ready line.
      const output = run.output();
      assert.match(output, new RegExp(`Quickstart ready: open http://localhost:${ports.app}\\n`));
      assert.match(output, new RegExp(`\\[spa\\] .*Loopback: http://localhost:${ports.app}/\\n`));
      assert.doesNotMatch(output, /127\.0\.0\.1|\[::1\]/);
    } finally {
      await stop(run);
    }
  });
});
