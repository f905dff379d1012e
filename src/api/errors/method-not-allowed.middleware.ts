/**
 * The API's endpoints are read-only. Another method on a known path gets 405 with `Allow`, rather than a 404 that
 * would suggest the path does not exist (and a POST carrying a token in its body is turned away here).
 */
import type { RequestHandler } from 'express';

export const methodNotAllowed: RequestHandler = (_req, res) => {
  res
    .status(405)
    .set('Allow', 'GET, HEAD, OPTIONS')
    .json({ error: 'method_not_allowed', error_description: 'This endpoint only answers GET.' });
};
