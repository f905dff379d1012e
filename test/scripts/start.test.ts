import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePorts, startEntry } from '../support/processes';

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
