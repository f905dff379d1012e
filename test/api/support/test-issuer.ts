/**
 * A stand-in for the authorization server: RSA keys made by the test, a discovery document and a JWKS served on
 * loopback, and a token factory that signs access tokens shaped like the local server's (and Auth0's).
 *
 * The issuer can be switched to fail (both documents) or hang (every path), and it counts the requests it gets, so
 * tests can see exactly when, and how often, the API asks it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const AUDIENCE = 'urn:quickstart:api';
export const CLIENT_ID = 'angularjs-quickstart';
export const APP_ORIGIN = 'http://localhost:3000';

export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export type JwksMode = 'up' | 'failing' | 'hanging';

export interface TokenOptions {
  /** Space-separated scopes; omitted when undefined. */
  scope?: string;
  /** Claims to add or override (a value of undefined removes the claim). */
  claims?: Record<string, unknown>;
  /** Header parameters to add or override (a value of undefined removes it). */
  header?: Record<string, unknown>;
  key?: TestKey;
  /** Seconds from now; negative for an expired token. Default 3600. */
  expiresIn?: number;
}

export async function makeKey(kid: string): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export function b64url(value: string | Uint8Array): string {
  return Buffer.from(value).toString('base64url');
}

function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export class TestIssuer {
  /** Requests to any path, documents or not. */
  requests = 0;
  jwksRequests = 0;
  mode: JwksMode = 'up';
  /** Delay before the JWKS answer, in ms. */
  delayMs = 0;
  published: TestKey[];

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    readonly key: TestKey
  ) {
    this.published = [key];
  }

  static async start(): Promise<TestIssuer> {
    const key = await makeKey('key-1');
    const created: { issuer?: TestIssuer } = {};
    const server = createServer((req, res) => {
      const issuer = created.issuer;
      if (issuer) issuer.requests += 1;
      // A silent issuer answers nothing, on any path.
      if (issuer?.mode === 'hanging') return;
      const documents: Record<string, () => unknown> = {
        '/.well-known/openid-configuration': () => issuer?.discovery(),
        '/.well-known/jwks.json': () => ({ keys: issuer?.published.map((k) => k.publicJwk) }),
      };
      const document = documents[req.url ?? ''];
      if (!issuer || !document) {
        res.writeHead(404).end();
        return;
      }
      if (req.url === '/.well-known/jwks.json') issuer.jwksRequests += 1;
      const answer = () => {
        if (issuer.mode === 'failing') {
          res.writeHead(503).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(document()));
      };
      if (issuer.delayMs > 0) setTimeout(answer, issuer.delayMs);
      else answer();
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    const { port } = server.address() as AddressInfo;
    created.issuer = new TestIssuer(server, `http://localhost:${port}/`, key);
    return created.issuer;
  }

  get jwksUri(): string {
    return `${this.issuer}.well-known/jwks.json`;
  }

  /** The parts of an OpenID Provider's metadata the API reads. */
  discovery(): Record<string, unknown> {
    return { issuer: this.issuer, jwks_uri: this.jwksUri, id_token_signing_alg_values_supported: ['RS256'] };
  }

  /** The claims the local authorization server puts in an access token. */
  baseClaims(scope?: string): JWTPayload {
    return {
      iss: this.issuer,
      sub: 'auth0|demo-user',
      aud: [AUDIENCE, `${this.issuer}userinfo`],
      azp: CLIENT_ID,
      ...(scope === undefined ? {} : { scope }),
    };
  }

  async token(options: TokenOptions = {}): Promise<string> {
    const key = options.key ?? this.key;
    const now = Math.floor(Date.now() / 1000);
    const payload = definedOnly({
      ...this.baseClaims(options.scope),
      iat: now,
      exp: now + (options.expiresIn ?? 3600),
      ...options.claims,
    });
    const header = definedOnly({ alg: 'RS256', kid: key.kid, typ: 'at+jwt', ...options.header });
    return new SignJWT(payload as JWTPayload).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
