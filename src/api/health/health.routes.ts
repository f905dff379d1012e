/**
 * `GET /healthz` for orchestrators: answers as long as the process serves requests. It deliberately does not call
 * the issuer, so an authorization-server outage does not get a healthy API restarted.
 */
import { Router } from 'express';

export function healthRouter(): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return router;
}
