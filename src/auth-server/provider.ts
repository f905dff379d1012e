/**
 * oidc-provider configured to behave like the parts of Auth0 that auth0-js uses: Auth0's URL layout, the `audience`
 * parameter, JWT access tokens for the API that also open /userinfo, no consent screen, the implicit flow with
 * `web_message` for checkSession, the authorization code flow with PKCE and rotating refresh tokens (one family per
 * login), DPoP-bound tokens when a token request carries a proof, token revocation and the `/v2/logout` endpoint.
 * Everything goes through oidc-provider's documented options and middleware.
 */
import { randomBytes } from 'node:crypto';
import Provider, {
  errors,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
  type ResponseType,
} from 'oidc-provider';
import type { Flow } from '../config/environment';
import type { AuthServerConfig } from './auth-server.config';
import { logoutSubmitPage, messagePage } from './auth-pages';
import { CLAIMS_BY_SCOPE, demoAccountFinder, type DemoProfile } from './demo-account';
import { createMemoryAdapter } from './memory.adapter';
import type { ServerKeys } from './key-file';
import { revocationDeletesGrant, UserGrants } from './revocation-deletes-grant';
import { scopeList } from './scope-list';
import { LOGOUT_FORM_ID, LOGOUT_SCRIPT_PATH } from './static-assets';

/** Auth0's endpoint paths; discovery advertises them. */
export const ROUTES = {
  authorization: '/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
  end_session: '/v2/logout',
} as const;

export const COOKIE_NAMES = {
  session: 'quickstart_auth_session',
  interaction: 'quickstart_auth_interaction',
  resume: 'quickstart_auth_resume',
} as const;

/** The one OpenID scope every token request must carry, plus the profile scopes Auth0 offers. */
const OIDC_SCOPES = Object.keys(CLAIMS_BY_SCOPE);

/** Marks, in Koa's `ctx.state`, a response that is this server's own error page. */
const ERROR_PAGE = 'quickstartErrorPage';

const SESSION_TTL = 24 * 60 * 60;
const INTERACTION_TTL = 30 * 60;
/**
 * Auth0's defaults for rotating refresh tokens: each one dies after 15 days unused (every refresh hands out a fresh
 * one), and none outlives 30 days from the login, which is how long the grant behind them lives.
 */
const REFRESH_TOKEN_IDLE_TTL = 15 * 24 * 60 * 60;
const REFRESH_TOKEN_ABSOLUTE_TTL = 30 * 24 * 60 * 60;
/** The scope that asks for a refresh token (OpenID Connect Core section 11). */
const OFFLINE_ACCESS = 'offline_access';

/** The audience that lets an access token be used at /userinfo, as Auth0 puts it in `aud`. */
export function userinfoAudience(config: AuthServerConfig): string {
  return `${config.issuer.replace(/\/+$/, '')}${ROUTES.userinfo}`;
}

/**
 * What each login flow may ask for, and nothing more: in the code flow no response type puts tokens in the callback's
 * URL, and in the implicit flow no code or refresh token is issued. An Auth0 application is set up the same way, with
 * its Grant Types.
 */
const FLOW_GRANTS: Record<Flow, { responseTypes: ResponseType[]; grantTypes: string[] }> = {
  code: { responseTypes: ['code'], grantTypes: ['authorization_code', 'refresh_token'] },
  implicit: { responseTypes: ['id_token token', 'id_token'], grantTypes: ['implicit'] },
};

function spaClient(config: AuthServerConfig): ClientMetadata {
  const { responseTypes, grantTypes } = FLOW_GRANTS[config.flow];
  return {
    client_id: config.clientId,
    client_name: config.appName,
    application_type: 'web',
    // A single-page application has no secret: it proves the code is its own with PKCE instead.
    token_endpoint_auth_method: 'none',
    grant_types: grantTypes,
    response_types: responseTypes,
    // Auth0's Allowed Callback URLs and Allowed Logout URLs; oidc-provider matches both exactly, as Auth0 does.
    redirect_uris: [...config.allowedCallbackUrls],
    post_logout_redirect_uris: [...config.allowedLogoutUrls],
  };
}

/**
 * First-party client, so no consent screen: the grant simply covers what was asked (OpenID scopes, and the API's
 * scopes for the requested audience). oidc-provider's documented way to skip consent.
 *
 * oidc-provider would reuse one grant per server session and client, and revoking a refresh token revokes its whole
 * grant: one revocation would end every login made in that browser. So a login that may receive a refresh token
 * (`offline_access`) gets a grant of its own, and its refresh tokens are one rotation family, as with Auth0, where
 * revoking a refresh token ends its own family only (tenants created since 2021). Other requests (the implicit flow,
 * codes without `offline_access`, whose tokens end with the session anyway) keep using the session's grant.
 */
function grantWhatWasAsked(userGrants: UserGrants | undefined) {
  return async (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    const client = oidc.client;
    const accountId = oidc.session?.accountId;
    if (!client || !accountId) return undefined;

    const ownFamily = client.grantTypeAllowed('refresh_token') && oidc.requestParamScopes.has(OFFLINE_ACCESS);
    const existingId = ownFamily
      ? undefined
      : (oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId));
    const existing = existingId ? await oidc.provider.Grant.find(existingId) : undefined;
    const grant =
      existing?.accountId === accountId ? existing : new oidc.provider.Grant({ clientId: client.clientId, accountId });

    if (oidc.requestParamOIDCScopes.size > 0) grant.addOIDCScope(oidc.requestParamOIDCScopes);
    for (const [indicator, resourceServer] of Object.entries(oidc.resourceServers ?? {})) {
      const scopes = [...oidc.requestParamScopes].filter((scope) => resourceServer.scopes.has(scope));
      if (scopes.length > 0) grant.addResourceScope(indicator, scopes);
    }
    await grant.save();
    if (ownFamily) userGrants?.record(grant);
    return grant;
  };
}

/**
 * Auth0 keeps `offline_access` in a code flow request and answers with a refresh token; oidc-provider drops it
 * unless `prompt=consent` is sent too (OpenID Connect Core section 11; node-oidc-provider issues 419 and 777), in
 * `checkScope`, before this hook runs. For this first-party client the login is the consent, so the scope is put
 * back when the request itself asked for it: it then reaches the grant, the code and the refresh token, which
 * therefore outlives the login session, as Auth0's does.
 */
async function keepRequestedOfflineAccess(ctx: KoaContextWithOIDC) {
  const { params, client } = ctx.oidc;
  if (!params || !client || ctx.oidc.route !== 'authorization') return;
  const request = ctx.method === 'POST' ? ctx.oidc.body : ctx.query;
  const asked = scopeList(request?.scope).includes(OFFLINE_ACCESS);
  const codeFlow = scopeList(params.response_type).includes('code');
  const granted = scopeList(params.scope);
  if (asked && codeFlow && client.grantTypeAllowed('refresh_token') && !granted.includes(OFFLINE_ACCESS)) {
    params.scope = [...granted, OFFLINE_ACCESS].join(' ');
  }
}

/**
 * Auth0 posts a `web_message` response (checkSession, getTokenSilently's iframe) only to an Allowed Web Origin.
 * oidc-provider posts it to the redirect URI's origin once that URI is registered; this adds the origin rule. The
 * refusal is a page, never a message: an origin that is not allowed receives nothing, not even the error.
 */
function postWebMessagesToAllowedOrigins(config: AuthServerConfig) {
  return (ctx: KoaContextWithOIDC, responseMode: unknown) => {
    if (typeof responseMode !== 'string' || !responseMode.startsWith('web_message')) return;
    const redirectUri = ctx.oidc.params?.redirect_uri;
    const origin = typeof redirectUri === 'string' ? URL.parse(redirectUri)?.origin : undefined;
    if (origin && config.allowedWebOrigins.includes(origin)) return;
    const error = new errors.InvalidRequest(
      `web_message responses go to allowed web origins only, and ${origin ?? 'this redirect_uri'} is not one (ALLOWED_WEB_ORIGINS)`
    );
    error.allow_redirect = false;
    throw error;
  };
}

/** Plain-words explanations of the errors a person is most likely to meet; the raw OAuth error is shown too. */
function explain(error: string, description: string | undefined): string {
  if (error === 'invalid_redirect_uri') {
    return 'The application asked to send you back to an address that is not registered for it.';
  }
  if (error === 'invalid_client') return 'The application is not registered with this server (check AUTH0_CLIENT_ID).';
  if (error === 'server_error') return 'The server ran into a problem. Please try again.';
  return description ? `The request could not be completed: ${description}.` : 'The request could not be completed.';
}

export function createProvider(config: AuthServerConfig, keys: ServerKeys, profile: DemoProfile): Provider {
  const apiScopes = [...OIDC_SCOPES, OFFLINE_ACCESS, ...config.scopes].join(' ');
  // Only with REFRESH_TOKEN_REVOCATION_DELETES_GRANT: the record of each user's grants that a revocation then ends.
  const userGrants = config.refreshTokenRevocationDeletesGrant ? new UserGrants() : undefined;

  const configuration: Configuration = {
    adapter: createMemoryAdapter(),
    clients: [spaClient(config)],
    findAccount: demoAccountFinder(profile),
    jwks: { keys: [keys.signingKey] },
    claims: { ...CLAIMS_BY_SCOPE, sid: null, auth_time: null },
    scopes: ['openid', OFFLINE_ACCESS],
    responseTypes: FLOW_GRANTS[config.flow].responseTypes,
    extraParams: {
      // auth0-js names the API `audience`; it is turned into a resource indicator below.
      audience: null,
      // Registering `scope` here gives it a validator that runs after oidc-provider's own scope checks.
      scope: keepRequestedOfflineAccess,
      // Likewise `response_mode`, checked once the redirect URI is known to be registered.
      response_mode: postWebMessagesToAllowedOrigins(config),
    },
    // Codes only with a PKCE challenge (oidc-provider accepts the S256 method only), as RFC 9700 asks of public clients.
    pkce: { required: () => true },
    // Auth0's rule, which is also oidc-provider's default, spelled out: a refresh token only for `offline_access`.
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has(OFFLINE_ACCESS),
    // Every refresh hands out a new refresh token; presenting a used one revokes its grant, that is every refresh token
    // of that login (RFC 9700 4.14.2), as Auth0's reuse detection revokes the token's family.
    rotateRefreshToken: true,
    // The ID token carries the profile claims, as Auth0's does.
    conformIdTokenClaims: false,
    // Auth0's Allowed Web Origins: the only origins answered with CORS at the token and revocation endpoints.
    clientBasedCORS: (_ctx, origin) => config.allowedWebOrigins.includes(origin),
    cookies: {
      keys: keys.cookieKeys,
      // Every localhost port shares one cookie jar: names that say whose cookies these are.
      names: { ...COOKIE_NAMES },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      authorizationSigningAlgValues: ['RS256'],
      introspectionSigningAlgValues: ['RS256'],
      // ES256, the algorithm Auth0's DPoP documentation and SDKs use; discovery advertises it.
      dPoPSigningAlgValues: ['ES256'],
    },
    // The only client is public: no client authentication at the token and revocation endpoints.
    clientAuthMethods: ['none'],
    features: {
      devInteractions: { enabled: false },
      // RFC 9449, oidc-provider's default: a token request that carries a DPoP proof gets a DPoP-bound access token
      // (`cnf.jkt`, `token_type: DPoP`) and, for this public client, a refresh token bound to the same key, refused
      // without a proof from that key. A request without a proof gets Bearer tokens, as before. DPOP_REQUIRE_NONCE makes
      // proofs carry a nonce from this server (`use_dpop_nonce` and a `DPoP-Nonce` header), as Auth0 asks of public
      // clients; the secret behind the nonces is made anew at each start, so a nonce from before a restart is answered
      // with a fresh one.
      dPoP: config.dpopRequireNonce
        ? { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true }
        : { enabled: true },
      pushedAuthorizationRequests: { enabled: false },
      // Auth0's /oauth/revoke: revoking a refresh token ends its grant, that is its login's rotation family (see
      // grantWhatWasAsked), or with REFRESH_TOKEN_REVOCATION_DELETES_GRANT every grant of the user (see below). It asks
      // for no DPoP proof, even for a bound refresh token: holding the token is enough to end it, as with Auth0.
      revocation: {
        enabled: true,
        // A client may revoke its own tokens only (there is one client, but the rule is the one to copy).
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, _client, oneOf) => {
          if (oneOf) return oneOf;
          const { audience } = ctx.oidc.params ?? {};
          return typeof audience === 'string' && audience ? audience : config.audience;
        },
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== config.audience) {
            throw new errors.InvalidTarget(
              `unknown audience "${indicator}", this server issues tokens for "${config.audience}"`
            );
          }
          return {
            // OpenID scopes and offline_access belong here too so that they appear in the access token's `scope`
            // (and so in the token response's), as with Auth0.
            scope: apiScopes,
            audience: config.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: config.accessTokenLifetime,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
        useGrantedResource: () => true,
      },
      rpInitiatedLogout: {
        enabled: true,
        // Auth0's /v2/logout asks nothing: the confirmation form is submitted straight away.
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutSubmitPage(form, LOGOUT_FORM_ID, LOGOUT_SCRIPT_PATH);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = messagePage({
            title: 'You are logged out',
            message: 'You have been logged out of the local authorization server.',
            appOrigin: config.appOrigin,
          });
        },
      },
      // Enabled so that discovery advertises /userinfo; userinfo.router.ts answers it, in front of oidc-provider.
      userinfo: { enabled: true },
      webMessageResponseMode: { enabled: true, ack: 'individual-draft-01' },
    },
    formats: {
      customizers: {
        jwt: (_ctx, _token, { payload }) => {
          const scopes = scopeList(payload.scope);
          // Like Auth0: a token that carries `openid` is also meant for /userinfo.
          if (scopes.includes('openid')) payload.aud = [config.audience, userinfoAudience(config)];
          payload.azp = payload.client_id;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: grantWhatWasAsked(userGrants),
    renderError: (ctx, out) => {
      ctx.state[ERROR_PAGE] = true;
      ctx.type = 'html';
      ctx.body = messagePage({
        title: 'Something went wrong',
        message: explain(out.error, out.error_description),
        detail: out.error_description ? `${out.error}: ${out.error_description}` : out.error,
        appOrigin: config.appOrigin,
      });
    },
    routes: { ...ROUTES },
    ttl: {
      AccessToken: config.accessTokenLifetime,
      AuthorizationCode: 60,
      BackchannelAuthenticationRequest: 600,
      ClientCredentials: config.accessTokenLifetime,
      DeviceCode: 600,
      Grant: REFRESH_TOKEN_ABSOLUTE_TTL,
      IdToken: config.accessTokenLifetime,
      Interaction: INTERACTION_TTL,
      PreAuthorizedCode: 600,
      RefreshToken: REFRESH_TOKEN_IDLE_TTL,
      Session: SESSION_TTL,
    },
  };

  const provider = new Provider(config.issuer, configuration);

  // oidc-provider's development-only recipe: implicit clients may not use http or localhost redirect URIs, which
  // is exactly what a local quickstart needs. Only these two checks are skipped.
  type Schema = { prototype: { invalidate(message: string, code?: string): void } };
  const schema = (provider.Client as unknown as { Schema: Schema }).Schema.prototype;
  const invalidate = schema.invalidate;
  schema.invalidate = function (message, code) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };

  // checkSession asks with prompt=none each time the SPA loads, so "login_required" is an everyday answer. oidc-provider
  // sends web_message errors as 400, which browsers log as a failed load; Auth0 answers 200, and so do we. The
  // receiving script reads only the message.
  provider.use(async (ctx, next) => {
    await next();
    const webMessage = ctx.oidc?.params?.response_mode === 'web_message';
    if (webMessage && ctx.status === 400 && !ctx.state[ERROR_PAGE]) ctx.status = 200;
  });

  if (userGrants) provider.use(revocationDeletesGrant(provider, userGrants));

  return provider;
}
