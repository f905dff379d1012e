/**
 * Asks a real Auth0 tenant whether it is the issuer the quickstart is configured for: its discovery document must
 * name exactly that issuer and offer RS256 ID tokens (and, for the default code flow, PKCE with S256 and a token
 * endpoint), and its JWKS must hold an RSA key, with a `kid`, that the SPA (through auth0-js) and the API can verify
 * RS256 signatures with. Everything else a tenant needs (callback URLs, web origins, refresh token rotation, the API
 * and its permission) is behind the Management API and cannot be seen from here: the summary lists it.
 */
import { createPublicKey } from 'node:crypto';
import { fetchJson, type FetchFailureKind, type FetchLike } from './bounded-fetch';
import type { QuickstartEnvironment } from './environment';
import { isHttpsOrLocalhost } from './url-rules';

export type TenantFindingCode =
  | 'tenant-unreachable'
  | 'discovery-invalid'
  | 'issuer-mismatch'
  | 'no-rs256'
  /** The code flow (AUTH0_FLOW=code) needs PKCE with S256 and a token endpoint. */
  | 'no-pkce-s256'
  | 'no-token-endpoint'
  | 'jwks-invalid'
  | 'no-signing-key'
  | 'jwks-elsewhere';

export interface TenantFinding {
  code: TenantFindingCode;
  message: string;
}

/** What the tenant told us, for the summary. */
export interface TenantFacts {
  issuer: string;
  jwksUri: string;
  /** The `kid`s of the keys usable for RS256. */
  signingKeyIds: string[];
}

/** What the check asks the tenant for, in order: the discovery document, then the signing keys it points to. */
export type TenantDocument = 'discovery' | 'jwks';

export interface TenantCheck {
  /** Each of these makes login or token verification fail. */
  problems: TenantFinding[];
  /** Things to know that do not stop the quickstart working. */
  warnings: TenantFinding[];
  facts?: TenantFacts;
  /** The document the tenant could not be reached for (`tenant-unreachable`): it and what follows went unchecked. */
  unreached?: TenantDocument;
}

export interface TenantCheckOptions {
  fetch: FetchLike;
  /** Per request; the check makes at most two, one after the other. */
  timeoutMs: number;
}

const SIGNING_KEYS_HINT = 'in the Auth0 dashboard open Settings → Signing Keys and rotate the signing key';
const JWT_ALG_HINT =
  'in the Auth0 dashboard open Applications → Applications → your application → Settings → Advanced Settings → OAuth and set JSON Web Token (JWT) Signature Algorithm to RS256';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DOCUMENT_NAMES: Record<TenantDocument, string> = {
  discovery: 'its discovery document',
  jwks: 'its signing keys (JWKS)',
};

/** A failed fetch or an unusable answer, with what to check. */
function answerProblem(
  kind: FetchFailureKind,
  document: TenantDocument,
  env: QuickstartEnvironment,
  reason: string
): TenantFinding {
  const what = DOCUMENT_NAMES[document];
  if (kind === 'unreachable') {
    return {
      code: 'tenant-unreachable',
      message: `could not reach the Auth0 tenant for ${what}: ${reason}. Check your connection, and the spelling of AUTH0_DOMAIN (${env.domain}) or AUTH0_ISSUER_BASE_URL.`,
    };
  }
  return {
    code: document === 'discovery' ? 'discovery-invalid' : 'jwks-invalid',
    message: `the Auth0 tenant gave no usable answer for ${what}: ${reason}. Check AUTH0_DOMAIN (${env.domain}): it must be the Domain shown in Applications → Applications → your application → Settings.`,
  };
}

/** Only https, or http on localhost (the loopback fakes used in tests and development), may serve the keys. */
function trustedUrl(raw: unknown): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const url = new URL(raw);
    if (isHttpsOrLocalhost(url)) return url;
  } catch {
    // Reported by the caller.
  }
  return undefined;
}

/** A JWK the RS256 verifiers here can select by `kid` and use: RSA, signing, at least 2048 bits. */
function rs256KeyId(jwk: unknown): string | undefined {
  if (!isObject(jwk) || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || !jwk.kid) return undefined;
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  if (jwk.alg !== undefined && jwk.alg !== 'RS256') return undefined;
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return undefined;
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? jwk.kid : undefined;
  } catch {
    return undefined;
  }
}

function listed(value: unknown): string {
  const names = Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  return names.join(', ') || 'none';
}

const NOT_THE_TENANT =
  'check that AUTH0_DOMAIN (and AUTH0_ISSUER_BASE_URL, if set) names your Auth0 tenant, which offers both, or set AUTH0_FLOW=implicit to log in with the original flow';

/** What the default login (Authorization Code with PKCE, then refresh tokens) needs from discovery. */
function codeFlowProblems(document: Json): TenantFinding[] {
  const problems: TenantFinding[] = [];
  const methods = document.code_challenge_methods_supported;
  if (!Array.isArray(methods) || !methods.includes('S256')) {
    problems.push({
      code: 'no-pkce-s256',
      message: `the tenant does not offer PKCE with S256 (code_challenge_methods_supported lists: ${listed(methods)}), which the default login (AUTH0_FLOW=code) sends: ${NOT_THE_TENANT}.`,
    });
  }
  if (typeof document.token_endpoint !== 'string' || document.token_endpoint === '') {
    problems.push({
      code: 'no-token-endpoint',
      message: `the tenant's discovery document names no token_endpoint, where the default login (AUTH0_FLOW=code) exchanges its code and renews tokens: ${NOT_THE_TENANT}.`,
    });
  }
  return problems;
}

/** Fetches the issuer's discovery document and JWKS (each within `timeoutMs`) and checks them. Never throws. */
export async function checkTenant(env: QuickstartEnvironment, options: TenantCheckOptions): Promise<TenantCheck> {
  const problems: TenantFinding[] = [];
  const warnings: TenantFinding[] = [];

  const discoveryUrl = new URL('.well-known/openid-configuration', env.issuer);
  const discovery = await fetchJson(discoveryUrl, options);
  if (!discovery.ok) {
    problems.push(answerProblem(discovery.kind, 'discovery', env, discovery.reason));
    return { problems, warnings, ...(discovery.kind === 'unreachable' ? { unreached: 'discovery' } : {}) };
  }
  const document = discovery.json;
  if (!isObject(document) || typeof document.issuer !== 'string') {
    problems.push(answerProblem('invalid', 'discovery', env, `${discoveryUrl.href} has no "issuer"`));
    return { problems, warnings };
  }

  if (document.issuer !== env.issuer) {
    problems.push({
      code: 'issuer-mismatch',
      message: `the tenant names its issuer "${document.issuer}" but the quickstart expects "${env.issuer}", so every token would be refused: set AUTH0_ISSUER_BASE_URL=${document.issuer} (this usually means a custom domain, see Branding → Custom Domains in the Auth0 dashboard), or correct AUTH0_DOMAIN.`,
    });
  }

  const algorithms = document.id_token_signing_alg_values_supported;
  if (!Array.isArray(algorithms) || !algorithms.includes('RS256')) {
    problems.push({
      code: 'no-rs256',
      message: `the tenant does not offer RS256-signed ID tokens (it lists: ${listed(algorithms)}), and auth0-js accepts no other: ${JWT_ALG_HINT}.`,
    });
  }

  if (env.flow === 'code') problems.push(...codeFlowProblems(document));

  const jwksUrl = trustedUrl(document.jwks_uri);
  if (!jwksUrl) {
    problems.push(
      answerProblem(
        'invalid',
        'discovery',
        env,
        `"jwks_uri" is ${JSON.stringify(document.jwks_uri) ?? 'missing'}, not an https URL`
      )
    );
    return { problems, warnings };
  }
  const apiJwksUri = `${env.issuer}.well-known/jwks.json`;
  if (jwksUrl.href !== apiJwksUri) {
    warnings.push({
      code: 'jwks-elsewhere',
      message: `the tenant publishes its keys at ${jwksUrl.href}, but the API reads them from ${apiJwksUri} (Auth0's layout): check that AUTH0_ISSUER_BASE_URL is your tenant's issuer.`,
    });
  }

  const jwks = await fetchJson(jwksUrl, options);
  if (!jwks.ok) {
    problems.push(answerProblem(jwks.kind, 'jwks', env, jwks.reason));
    return { problems, warnings, ...(jwks.kind === 'unreachable' ? { unreached: 'jwks' } : {}) };
  }
  if (!isObject(jwks.json) || !Array.isArray(jwks.json.keys)) {
    problems.push(answerProblem('invalid', 'jwks', env, `${jwksUrl.href} has no "keys" list`));
    return { problems, warnings };
  }
  const signingKeyIds = jwks.json.keys.map(rs256KeyId).filter((kid): kid is string => kid !== undefined);
  if (signingKeyIds.length === 0) {
    problems.push({
      code: 'no-signing-key',
      message: `the tenant's JWKS at ${jwksUrl.href} holds no RSA signing key with a "kid" (${jwks.json.keys.length} key(s) in all), so no RS256 token can be verified: ${SIGNING_KEYS_HINT}.`,
    });
  }

  return { problems, warnings, facts: { issuer: document.issuer, jwksUri: jwksUrl.href, signingKeyIds } };
}
