/**
 * The last middleware: every error ends here and leaves as JSON `{ error, error_description }`.
 *
 * Deliberate answers (ours, and the token middleware's refusals) are sent as they describe themselves: status, headers, body. Client errors raised by
 * Express itself (a URL it cannot decode, for instance) become a generic 400. Everything else is a bug: it is logged
 * on one line and the caller gets a generic 500, never a stack trace or the internal message.
 */
import type { ErrorRequestHandler } from 'express';
import { UnauthorizedError } from 'express-oauth2-jwt-bearer';
import { ApiError, tokenRefusal, type Answer } from './api.errors';

export type LogLine = (line: string) => void;

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode, expose } = error as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 && expose !== false ? code : undefined;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

export function errorHandler(log: LogLine): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer: Answer | undefined =
      error instanceof ApiError ? error.answer() : error instanceof UnauthorizedError ? tokenRefusal(error) : undefined;
    if (answer) {
      res.set(answer.headers).status(answer.status).json(answer.body);
      return;
    }
    const clientStatus = clientErrorStatus(error);
    if (clientStatus !== undefined) {
      res.status(clientStatus).json({ error: 'invalid_request', error_description: 'The request is malformed.' });
      return;
    }
    // The path only: a query string could carry a token someone put there by mistake.
    log(`api: unexpected error on ${req.method} ${req.path}: ${oneLine(error)}`);
    res.status(500).json({ error: 'server_error', error_description: 'Something went wrong on our side.' });
  };
}
