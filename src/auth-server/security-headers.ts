/**
 * Response headers for every page this server renders, its own and oidc-provider's. The policy forbids inline
 * script; oidc-provider adds the hash of the one script it inlines (web_message and form_post responses) to
 * `script-src` itself, and drops `frame-ancestors` and X-Frame-Options where the page must load in the SPA's iframe.
 */
import type { RequestHandler } from 'express';
import type { AuthServerConfig } from './auth-server.config';

/**
 * `form-action` names the origins of the allowed callback and logout URLs because browsers apply it to the redirects
 * that follow a form post: after the login form, the browser is sent on to the app's callback; after the logout form,
 * to its logout URL.
 */
export function authPagesPolicy(formTargets: readonly string[], scriptSrc: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    "style-src 'self'",
    "img-src 'self'",
    ["form-action 'self'", ...formTargets].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The origins a form post of these pages may end up at: those of the allowed callback and logout URLs. */
export function formTargets(config: Pick<AuthServerConfig, 'allowedCallbackUrls' | 'allowedLogoutUrls'>): string[] {
  const urls = [...config.allowedCallbackUrls, ...config.allowedLogoutUrls];
  return [...new Set(urls.map((url) => new URL(url).origin))];
}

/** Sets the headers; `scriptSrc` is `'none'` for pages with no script at all. */
export function securityHeaders(formTargets: readonly string[], scriptSrc = "'self'"): RequestHandler {
  const policy = authPagesPolicy(formTargets, scriptSrc);
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
}
