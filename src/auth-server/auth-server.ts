/**
 * Assembles the local authorization server: the signing key, oidc-provider and the few Auth0-specific routes in
 * front of it. The HTTP server comes back unbound, so `auth-server.main.ts` listens on the configured port and tests on any.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import type Provider from 'oidc-provider';
import type { AuthServerConfig } from './auth-server.config';
import { messagePage } from './auth-pages';
import { avatarRouter } from './avatar';
import { demoProfile } from './demo-account';
import { refuseForeignPreflight } from './foreign-preflight.middleware';
import { interactionRouter } from './interaction.router';
import { acceptJsonBody } from './json-body.middleware';
import { auth0LogoutParameters } from './logout.middleware';
import { createProvider, ROUTES } from './provider';
import { formTargets, securityHeaders } from './security-headers';
import { loadOrCreateKeys } from './key-file';
import { staticAssetsRouter } from './static-assets';
import { userinfoRouter } from './userinfo.router';

export interface AuthServer {
  /** Not yet listening. */
  server: Server;
  /** The same application as a request listener, for a server created elsewhere. */
  handler: RequestListener;
  provider: Provider;
  config: AuthServerConfig;
  /** The `kid` of the signing key, as published in the JWKS. */
  keyId: string;
}

/** Loads (or makes) the key and builds the server. Rejects with KeyFileError for a damaged key file. */
export async function createAuthServer(config: AuthServerConfig): Promise<AuthServer> {
  const keys = await loadOrCreateKeys(config.keyFile);
  const profile = demoProfile(config.demoUser, config.issuer);
  const provider = createProvider(config, keys, profile);
  // Client metadata is checked on first use; checking it now turns a bad setting into a start-up failure.
  await provider.Client.find(config.clientId);

  provider.on('server_error', (_ctx, error: Error) => {
    console.error(`auth-server: internal error: ${error.message}`);
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(staticAssetsRouter());
  app.use(avatarRouter(config.demoUser.email));
  app.use(ROUTES.userinfo, userinfoRouter(config, keys.signingKey, profile));
  const targets = formTargets(config);
  app.use('/interaction', securityHeaders(targets, "'none'"), interactionRouter(provider, config));
  app.get(ROUTES.end_session, securityHeaders(targets, "'none'"), auth0LogoutParameters(config));
  app.options([ROUTES.token, ROUTES.revocation], refuseForeignPreflight(config.allowedWebOrigins));
  const oidcProvider = provider.callback();
  const pageHeaders = securityHeaders(targets);
  app.post([ROUTES.token, ROUTES.revocation], pageHeaders, acceptJsonBody(config.allowedWebOrigins, oidcProvider));
  app.use(pageHeaders, oidcProvider);

  // Errors from this server's own routes (oidc-provider renders its own). A client's mistake, such as an oversized
  // form, keeps its 4xx status; anything else is logged in one line and shown as a plain 500 page.
  const onError: ErrorRequestHandler = (error: Error & { status?: unknown }, _req, res, _next) => {
    const clientError = typeof error.status === 'number' && error.status >= 400 && error.status < 500;
    if (!clientError) console.error(`auth-server: internal error: ${error.message}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(clientError ? (error.status as number) : 500).type('html');
    res.send(
      messagePage({
        title: 'Something went wrong',
        message: clientError
          ? 'The request could not be read. Go back to the application and try again.'
          : 'The server ran into a problem. Please try again.',
        appOrigin: config.appOrigin,
      })
    );
  };
  app.use(onError);

  return { server: createServer(app), handler: app, provider, config, keyId: keys.signingKey.kid as string };
}
