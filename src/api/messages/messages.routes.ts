/** The quickstart's three endpoints: for anyone, for any valid access token, and for one with `read:messages`. */
import { Router, type RequestHandler } from 'express';
import { MethodNotAllowedError } from '../errors/api.errors';

export const MESSAGES = {
  public: 'This is the public endpoint: anyone can call it, no token needed.',
  private: 'This is the private endpoint: your access token was accepted.',
  privateScoped: 'This is the scoped endpoint: your access token carries the read:messages scope.',
} as const;

export interface MessageGuards {
  /** Verifies the bearer token. */
  authenticated: RequestHandler;
  /** Requires `read:messages` (after `authenticated`). */
  canReadMessages: RequestHandler;
}

export function messagesRouter(guards: MessageGuards): Router {
  const router = Router();
  router.get('/public', (_req, res) => {
    res.json({ message: MESSAGES.public });
  });
  router.get('/private', guards.authenticated, (_req, res) => {
    res.json({ message: MESSAGES.private });
  });
  router.get('/private-scoped', guards.authenticated, guards.canReadMessages, (_req, res) => {
    res.json({ message: MESSAGES.privateScoped });
  });
  router.all(['/public', '/private', '/private-scoped'], (_req, _res, next) => next(new MethodNotAllowedError()));
  return router;
}
