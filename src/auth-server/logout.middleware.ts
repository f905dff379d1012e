/**
 * Auth0's `/v2/logout?client_id=...&returnTo=...` on top of oidc-provider's RP-initiated logout, which is mounted at
 * the same path: `returnTo` (or `return_to`) becomes `post_logout_redirect_uri`. An address the application did not
 * list is refused here, with a page that names it, before oidc-provider would refuse it in its own words.
 */
import type { RequestHandler } from 'express';
import type { AuthServerConfig } from './auth-server.config';
import { messagePage } from './auth-pages';

/** For `GET /v2/logout`, in front of oidc-provider. */
export function auth0LogoutParameters(config: AuthServerConfig): RequestHandler {
  const allowed = config.allowedLogoutUrls;

  return (req, res, next) => {
    const url = new URL(req.originalUrl, config.issuer);
    const params = url.searchParams;
    const returnTo = params.get('returnTo') ?? params.get('return_to');
    if (returnTo === null) return next();

    if (!allowed.includes(returnTo)) {
      res.status(400).type('html');
      res.send(
        messagePage({
          title: 'Logout address not allowed',
          message:
            `The application asked to return to "${returnTo}" after logging out, but that address is not one of its ` +
            `allowed logout URLs (${allowed.join(', ')}). You have not been logged out.`,
          appOrigin: config.appOrigin,
        })
      );
      return;
    }
    params.delete('returnTo');
    params.delete('return_to');
    params.set('post_logout_redirect_uri', returnTo);
    // Auth0 checks returnTo against the tenant without client_id; with a single client that is this client.
    if (!params.has('client_id')) params.set('client_id', config.clientId);
    req.url = `${url.pathname}${url.search}`;
    next();
  };
}
