/**
 * The API's last middleware on its own: an unexpected failure is a generic 500, logged on one line, and its message
 * never reaches the client.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import { errorHandler } from '../../src/api/errors/error-handler.middleware';

describe('errorHandler', () => {
  it('answers a generic 500 to an unexpected error and logs it on one line', async () => {
    const secret = 'connection string postgres://admin:hunter2@db';
    const logs: string[] = [];
    const app = express();
    app.get('/api/private', () => {
      throw new TypeError(`${secret}\n    at somewhere`);
    });
    app.use(errorHandler((line) => logs.push(line)));
    const server = app.listen(0, 'localhost');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const reply = await fetch(`http://localhost:${(server.address() as AddressInfo).port}/api/private?x=1`);
      const body = await reply.text();
      assert.equal(reply.status, 500);
      assert.deepEqual(JSON.parse(body), {
        error: 'server_error',
        error_description: 'Something went wrong on our side.',
      });
      assert.doesNotMatch(body, /hunter2|TypeError|at /);
      assert.deepEqual(logs, [
        'api: unexpected error on GET /api/private: TypeError: connection string postgres://admin:hunter2@db at somewhere',
      ]);
    } finally {
      server.close();
    }
  });
});
