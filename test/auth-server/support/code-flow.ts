/**
 * The authorization code flow as the SPA runs it with auth0-js: a PKCE pair, the login through the hosted page, and
 * token requests shaped like `webAuth.client.oauthToken()` sends them (JSON, with the Auth0-Client header) or as a
 * plain form.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthServerUnderTest } from './auth-server-under-test';
import { APP_ORIGIN, CALLBACK } from './auth-server-under-test';
import { authorizeUrl, logIn, random, TestBrowser } from './browser';

/** What the SPA asks for when it wants a refresh token. */
export const CODE_FLOW_SCOPE = 'openid profile email read:messages offline_access';

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** RFC 7636 4.1 and 4.2: 32 random bytes as the verifier, its SHA-256 as the challenge, both base64url. */
export function pkcePair(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The authorization request parameters of the code flow, on top of those `authorizeUrl` already sends. */
export function codeRequest(pkce: Pkce, overrides: Record<string, string | undefined> = {}) {
  return {
    response_type: 'code',
    response_mode: 'query',
    scope: CODE_FLOW_SCOPE,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** The query of a redirect to the SPA's callback (the code flow answers in the query, not the fragment). */
export function callbackQuery(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location?.startsWith(CALLBACK)) {
    throw new Error(`expected a redirect to ${CALLBACK}, got ${response.status} ${location ?? '(no location)'}`);
  }
  return new URL(location).searchParams;
}

/** Logs in as the demo user and returns the authorization code from the callback. */
export async function logInForCode(
  server: AuthServerUnderTest,
  pkce: Pkce,
  overrides: Record<string, string | undefined> = {},
  browser = new TestBrowser(server)
): Promise<string> {
  const state = random();
  const query = callbackQuery(await logIn(browser, server, codeRequest(pkce, { state, ...overrides })));
  if (query.get('state') !== state) throw new Error(`state mismatch in ${query}`);
  const code = query.get('code');
  if (!code) throw new Error(`no code in the callback: ${query}`);
  return code;
}

const AUTH0_CLIENT = Buffer.from(JSON.stringify({ name: 'auth0.js', version: '10.2.1' })).toString('base64');

/**
 * A POST from the SPA's origin: JSON with auth0-js's telemetry header, as auth0-js sends it, or a plain form.
 * `extraHeaders` adds headers, such as a DPoP proof.
 */
export function postFromApp(
  server: AuthServerUnderTest,
  path: string,
  fields: Record<string, string | undefined>,
  encoding: 'json' | 'form' = 'json',
  extraHeaders: Record<string, string> = {}
): Promise<Response> {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
  const headers: Record<string, string> = { ...extraHeaders, origin: APP_ORIGIN };
  let body: string;
  if (encoding === 'json') {
    headers['content-type'] = 'application/json';
    headers['auth0-client'] = AUTH0_CLIENT;
    body = JSON.stringify(defined);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(defined).toString();
  }
  return fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
}

/** The body of `oauthToken({ grantType: 'authorization_code', code, codeVerifier, redirectUri })`. */
export function codeExchange(server: AuthServerUnderTest, code: string, verifier: string) {
  return {
    grant_type: 'authorization_code',
    client_id: server.config.clientId,
    code,
    code_verifier: verifier,
    redirect_uri: CALLBACK,
  };
}

/** The body of `oauthToken({ grantType: 'refresh_token', refreshToken, scope: undefined })`: no scope. */
export function refreshRequest(server: AuthServerUnderTest, refreshToken: string) {
  return { grant_type: 'refresh_token', client_id: server.config.clientId, refresh_token: refreshToken };
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
  error?: string;
  error_description?: string;
}

/**
 * A second login in a browser that already has a session with the server: no login page is shown, the authorization
 * request comes straight back with a code. Returns the code and its PKCE verifier.
 */
export async function codeFromSession(
  server: AuthServerUnderTest,
  browser: TestBrowser
): Promise<{ code: string; verifier: string }> {
  const pkce = pkcePair();
  const state = random();
  const query = callbackQuery(await browser.request(authorizeUrl(server, codeRequest(pkce, { state }))));
  const code = query.get('code');
  if (!code || query.get('state') !== state) throw new Error(`no code for this request in the callback: ${query}`);
  return { code, verifier: pkce.verifier };
}

/** Logs in, exchanges the code and returns the token response. */
export async function tokensFromCodeFlow(
  server: AuthServerUnderTest,
  overrides: Record<string, string | undefined> = {},
  browser = new TestBrowser(server)
): Promise<TokenResponse> {
  const pkce = pkcePair();
  const code = await logInForCode(server, pkce, overrides, browser);
  return exchangeCode(server, code, pkce.verifier);
}

/** Logs in again in a browser that already has a session (no login page), exchanges the code, returns the tokens. */
export async function tokensFromSession(server: AuthServerUnderTest, browser: TestBrowser): Promise<TokenResponse> {
  const { code, verifier } = await codeFromSession(server, browser);
  return exchangeCode(server, code, verifier);
}

async function exchangeCode(server: AuthServerUnderTest, code: string, verifier: string): Promise<TokenResponse> {
  const response = await postFromApp(server, '/oauth/token', codeExchange(server, code, verifier));
  const tokens = (await response.json()) as TokenResponse;
  if (response.status !== 200) throw new Error(`code exchange failed: ${response.status} ${JSON.stringify(tokens)}`);
  return tokens;
}
