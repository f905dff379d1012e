/**
 * Auth0's /oauth/token and /oauth/revoke read a JSON body as well as a form, and auth0-js posts JSON. oidc-provider
 * reads forms only, and reads them from the request stream itself: a body parsed upstream makes it fall back to
 * `req.body` and log "already parsed request body detected". So a JSON body is parsed here, with a size limit, and
 * oidc-provider is handed a fresh request carrying the same fields as a form, which it reads as if the browser had
 * sent one. A form passes through untouched. A body that cannot be read gets an OAuth error in JSON, readable by the
 * SPA.
 */
import { IncomingMessage, type RequestListener } from 'node:http';
import { stringify, type ParsedUrlQueryInput } from 'node:querystring';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';

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

/**
 * The same request (method, URL, headers, connection) with `form` as its urlencoded body, unread. The fields are
 * encoded as oidc-provider encodes a parsed body it falls back to (querystring), so nothing reads differently.
 */
function asFormRequest(req: Request, fields: ParsedUrlQueryInput): IncomingMessage {
  const form = Buffer.from(stringify(fields));
  const forwarded = new IncomingMessage(req.socket);
  forwarded.method = req.method;
  forwarded.url = req.url;
  forwarded.httpVersion = req.httpVersion;
  forwarded.httpVersionMajor = req.httpVersionMajor;
  forwarded.httpVersionMinor = req.httpVersionMinor;
  const headers = { ...req.headers };
  delete headers['transfer-encoding'];
  delete headers['content-encoding'];
  forwarded.headers = {
    ...headers,
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(form.length),
  };
  forwarded.push(form);
  forwarded.push(null);
  // The whole body is there: without this, the message counts as aborted once read, and closes the connection.
  forwarded.complete = true;
  return forwarded;
}

/**
 * For `POST /oauth/token` and `POST /oauth/revoke`, in front of oidc-provider: a JSON request goes to `provider`
 * (oidc-provider's request listener) as a form; any other request goes on to the next handler.
 */
export function acceptJsonBody(
  allowedOrigins: readonly string[],
  provider: RequestListener
): (RequestHandler | ErrorRequestHandler)[] {
  // Errors answered here never reach oidc-provider, which would otherwise add the CORS headers.
  const corsForApp = cors({ origin: [...allowedOrigins] });

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
    provider(asFormRequest(req, body as ParsedUrlQueryInput), res);
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
