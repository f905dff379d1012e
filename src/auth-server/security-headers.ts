/**
 * Response headers for every page this server renders, its own and oidc-provider's. The policy forbids inline
 * script; oidc-provider adds the hash of the one script it inlines (web_message and form_post responses) to
 * `script-src` itself, and drops `frame-ancestors` and X-Frame-Options where the page must load in the SPA's iframe.
 */
import type { RequestHandler } from 'express';

/**
 * `form-action` names the SPA's origin because browsers apply it to the redirects that follow a form post: after the
 * login form, the browser is sent on to the SPA's callback.
 */
export function authPagesPolicy(appOrigin: string, scriptSrc: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${appOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Sets the headers; `scriptSrc` is `'none'` for pages with no script at all. */
export function securityHeaders(appOrigin: string, scriptSrc = "'self'"): RequestHandler {
  const policy = authPagesPolicy(appOrigin, scriptSrc);
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
}
