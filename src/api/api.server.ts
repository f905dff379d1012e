/**
 * The HTTP server around the app. Node answers requests it cannot parse (oversized headers, broken syntax) before
 * Express sees them, with an empty body; this keeps those answers JSON like every other one, and never crashes.
 */
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';

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

export function createApiServer(app: Express): Server {
  // Bounded waits, so a slow client cannot hold a connection (and a drain at shutdown) open indefinitely.
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 20_000 }, app);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      rawJson(socket, 431, 'Request Header Fields Too Large', 'invalid_request', 'The request headers are too large.');
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      rawJson(socket, 408, 'Request Timeout', 'invalid_request', 'The request took too long to arrive.');
    } else {
      rawJson(socket, 400, 'Bad Request', 'invalid_request', 'The request is malformed.');
    }
  });
  return server;
}
