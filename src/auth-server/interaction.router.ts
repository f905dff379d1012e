/**
 * The hosted login page, where oidc-provider sends the browser when it needs to know who the user is. It checks the
 * demo user's email and password and hands the answer back to oidc-provider, which finishes the authorization.
 */
import express, { Router, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { AuthServerConfig } from './auth-server.config';
import { loginPage, messagePage } from './auth-pages';
import { credentialsMatch, DEMO_ACCOUNT_ID, hasDefaultPassword } from './demo-account';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function interactionRouter(provider: Provider, config: AuthServerConfig): Router {
  const router = Router();

  function renderLogin(res: Response, uid: string, email?: string, failed = false) {
    // 200 even after a failed attempt: the page is a form, not an HTTP authentication challenge.
    res.status(200).type('html');
    res.send(
      loginPage({
        appName: config.appName,
        action: `/interaction/${encodeURIComponent(uid)}`,
        demoEmail: config.demoUser.email,
        demoPassword: hasDefaultPassword(config.demoUser) ? config.demoUser.password : undefined,
        email,
        failed,
      })
    );
  }

  function renderExpired(res: Response) {
    res.status(400).type('html');
    res.send(
      messagePage({
        title: 'This login has expired',
        message:
          'This login page is no longer valid (it expired, was already used, or was opened in another browser). ' +
          'Go back to the application and log in again.',
        appOrigin: config.appOrigin,
      })
    );
  }

  /** The interaction behind this URL, or undefined when the browser's interaction cookie does not lead to it. */
  async function interactionFor(req: Request, res: Response): Promise<Details | undefined> {
    try {
      const details = await provider.interactionDetails(req, res);
      return details.uid === req.params.uid ? details : undefined;
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return undefined;
      throw error;
    }
  }

  router.get('/:uid', async (req, res) => {
    const details = await interactionFor(req, res);
    if (!details) return renderExpired(res);
    // Only a login is ever asked for: consent is granted by configuration (first-party client).
    renderLogin(res, details.uid, typeof details.params.login_hint === 'string' ? details.params.login_hint : '');
  });

  router.post('/:uid', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const details = await interactionFor(req, res);
    if (!details) return renderExpired(res);
    const email = field(req.body, 'email');
    const password = field(req.body, 'password');
    if (!credentialsMatch(config.demoUser, email, password)) return renderLogin(res, details.uid, email, true);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: DEMO_ACCOUNT_ID } },
      { mergeWithLastSubmission: false }
    );
  });

  return router;
}
