/**
 * A stand-in for an Auth0 tenant on a loopback port: it serves a discovery document and a JWKS that each test can
 * change, so the configuration check can be tried against a good tenant and against each way one can be wrong.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A 2048-bit RSA public key as a JWK, with the `kid`, `use` and `alg` Auth0 publishes. */
export function rsaJwk(kid = 'test-key-1', modulusLength = 2048): Record<string, unknown> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
}

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      resolve(address.port);
    });
  });
}

export class FakeTenant {
  /** `http://localhost:<port>/`, the value for AUTH0_ISSUER_BASE_URL. */
  issuer = '';
  discovery: Record<string, unknown> = {};
  jwks: Record<string, unknown> = {};
  /** Replaces the normal answers when set. */
  override?: Handler;
  readonly requests: string[] = [];
  private readonly server = createServer((req, res) => this.handle(req, res));

  private keys: Record<string, unknown>[] = [];

  static async start(keys: Record<string, unknown>[] = [rsaJwk()]): Promise<FakeTenant> {
    const tenant = new FakeTenant();
    const port = await listen(tenant.server);
    tenant.issuer = `http://localhost:${port}/`;
    tenant.keys = keys;
    tenant.reset();
    return tenant;
  }

  /**
   * Back to a well-configured tenant: the fields of an Auth0 tenant's discovery document that the check reads, laid
   * out as Auth0 publishes them (RS256 offered, PKCE with S256, the token and revocation endpoints), and the keys it
   * was started with.
   */
  reset(): void {
    this.discovery = {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}authorize`,
      token_endpoint: `${this.issuer}oauth/token`,
      device_authorization_endpoint: `${this.issuer}oauth/device/code`,
      userinfo_endpoint: `${this.issuer}userinfo`,
      revocation_endpoint: `${this.issuer}oauth/revoke`,
      end_session_endpoint: `${this.issuer}oidc/logout`,
      jwks_uri: `${this.issuer}.well-known/jwks.json`,
      scopes_supported: ['openid', 'profile', 'offline_access', 'name', 'email', 'email_verified'],
      response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'token id_token'],
      code_challenge_methods_supported: ['S256', 'plain'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['public'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      id_token_signing_alg_values_supported: ['HS256', 'RS256', 'PS256'],
      request_uri_parameter_supported: false,
      request_parameter_supported: false,
    };
    this.jwks = { keys: [...this.keys] };
    this.override = undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push(req.url ?? '');
    if (this.override) return this.override(req, res);
    const body =
      req.url === '/.well-known/openid-configuration'
        ? this.discovery
        : req.url === '/.well-known/jwks.json'
          ? this.jwks
          : undefined;
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A port that accepts connections and never answers: what a tenant behind a dead proxy looks like. */
export class SilentServer {
  url = '';
  private readonly sockets = new Set<Socket>();
  private readonly server = createTcpServer((socket) => {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  });

  static async start(): Promise<SilentServer> {
    const silent = new SilentServer();
    silent.url = `http://localhost:${await listen(silent.server)}/`;
    return silent;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** An issuer URL on a port nothing listens on (taken and released at once), so connecting is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return `http://localhost:${port}/`;
}

/** Variables for tenant mode against a local fake: AUTH0_DOMAIN as a user would set it, the issuer on loopback. */
export function tenantVars(issuer: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AUTH0_DOMAIN: 'dev-quickstart.us.auth0.com',
    AUTH0_CLIENT_ID: 'k5Qx0Zb1Example0ClientId0123456789',
    AUTH0_AUDIENCE: 'https://quickstarts/api',
    AUTH0_ISSUER_BASE_URL: issuer,
    ...extra,
  };
}
