/**
 * Auth0's /oauth/token and /oauth/revoke read a JSON body as well as a form, and auth0-js posts JSON. oidc-provider
 * reads forms only, so a JSON body is parsed here, with a size limit, and handed on as the form fields it holds
 * (oidc-provider then reads the parsed body instead of the request, and says so once in its log). A form passes
 * through untouched. A body that cannot be read gets an OAuth error in JSON, readable by the SPA.
 */
import cors from 'cors';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

/** Far above any token request (a code, a verifier, a refresh token), far below what could hurt the server. */
export const JSON_BODY_LIMIT = '16kb';

interface BodyError {
  type?: unknown;
}

function describe(error: BodyError): { status: number; description: string } {
  if (error.type === 'entity.too.large') {
    return { status: 413, description: `the request body is larger than ${JSON_BODY_LIMIT}` };
  }
  if (error.type === 'entity.parse.failed') return { status: 400, description: 'the request body is not valid JSON' };
  if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported') {
    return { status: 415, description: 'the request body must be UTF-8 JSON without content encoding' };
  }
  return { status: 400, description: 'the request body could not be read' };
}

/** For `POST /oauth/token` and `POST /oauth/revoke`, in front of oidc-provider. */
export function acceptJsonBody(appOrigin: string): (RequestHandler | ErrorRequestHandler)[] {
  // Errors answered here never reach oidc-provider, which would otherwise add the CORS headers.
  const corsForApp = cors({ origin: appOrigin });

  const parseJson = express.json({ limit: JSON_BODY_LIMIT, strict: true, type: 'application/json' });

  const asForm: RequestHandler = (req, res, next) => {
    if (!req.is('application/json')) return next();
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return corsForApp(req, res, () => {
        res.status(400).set('Cache-Control', 'no-store');
        res.json({ error: 'invalid_request', error_description: 'the request body must be a JSON object' });
      });
    }
    req.headers['content-type'] = 'application/x-www-form-urlencoded';
    next();
  };

  // Placed right after the parser, so every error it sees is the parser's (body-parser's `type` names which).
  const refuseUnreadable: ErrorRequestHandler = (error: BodyError, req, res, _next) => {
    const { status, description } = describe(error);
    corsForApp(req, res, () => {
      res.status(status).set('Cache-Control', 'no-store');
      res.json({ error: 'invalid_request', error_description: description });
    });
  };

  return [parseJson, asForm, refuseUnreadable];
}
