/**
 * The HTTP server around the app. Node answers requests it cannot parse (oversized headers, broken syntax) before
 * Express sees them, with an empty body; this keeps those answers JSON like every other one, and never crashes. It
 * also stops without dropping a request that a client sends on a kept-alive connection (`drain()`).
 */
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';

// Idle keep-alive connections end after this (Node adds 1 s): a drain waits that long at most for them, within the
// 5 s `npm start` gives a server to stop.
const KEEP_ALIVE_MS = 3_000;

function rawJson(socket: Duplex, status: number, reason: string, error: string, description: string): void {
  const body = JSON.stringify({ error, error_description: description });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      'Cache-Control: no-store\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body
  );
}

export class ApiServer extends Server {
  readonly #unanswered = new Set<ServerResponse>();
  #draining = false;

  constructor(app: Express) {
    // Bounded waits, so a slow client cannot hold a connection (and a drain at shutdown) open indefinitely.
    super({ requestTimeout: 30_000, headersTimeout: 20_000, keepAliveTimeout: KEEP_ALIVE_MS }, app);
    // Ahead of the app, so that a drain can still mark the answer.
    this.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (this.#draining) {
        res.setHeader('Connection', 'close');
      } else {
        this.#unanswered.add(res);
        res.once('close', () => this.#unanswered.delete(res));
      }
    });
    this.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      if (error.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      if (error.code === 'HPE_HEADER_OVERFLOW') {
        rawJson(
          socket,
          431,
          'Request Header Fields Too Large',
          'invalid_request',
          'The request headers are too large.'
        );
      } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        rawJson(socket, 408, 'Request Timeout', 'invalid_request', 'The request took too long to arrive.');
      } else {
        rawJson(socket, 400, 'Bad Request', 'invalid_request', 'The request is malformed.');
      }
    });
  }

  /**
   * Stops accepting connections, and answers every request in flight or still to come on an open connection with
   * `Connection: close`, so its client gets the answer and opens a new connection for the next request, which is
   * refused. Idle keep-alive connections end at their keep-alive timeout, which their clients were told. Resolves
   * once the last connection has closed. (`close()` would end idle connections at once, and a request a client is
   * sending on one just then would meet ECONNRESET.)
   */
  drain(): Promise<void> {
    this.#draining = true;
    for (const res of this.#unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
    return new Promise((resolve) => NetServer.prototype.close.call(this, () => resolve()));
  }
}

export function createApiServer(app: Express): ApiServer {
  return new ApiServer(app);
}
