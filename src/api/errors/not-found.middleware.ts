/** Unknown routes answer JSON like everything else, so a client can always parse the body. */
import type { RequestHandler } from 'express';

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not_found', error_description: 'There is no such endpoint.' });
};
