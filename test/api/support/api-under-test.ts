/**
 * Runs the real API in-process on an ephemeral localhost port, trusting a TestIssuer, and talks to it over real
 * HTTP with node:http (fetch cannot send two Authorization headers, a blank one, or a GET with a body).
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadEnvironment } from '../../../src/config/environment';
import { createApp, type ApiDeps } from '../../../src/api/api.app';
import { apiConfigFrom, type ApiConfig } from '../../../src/api/api.config';
import { createApiServer } from '../../../src/api/api.server';
import { APP_ORIGIN, AUDIENCE } from './test-issuer';

/**
 * The DPoP challenge the API adds to every Bearer one (RFC 9449 7.1): the proof algorithms it takes, ES256 (what
 * browsers sign with) among them.
 */
export const DPOP_OFFER = 'DPoP algs="[A-Za-z0-9 ]*\\bES256\\b[A-Za-z0-9 ]*"';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON (throws when it is not JSON, which is itself a finding). */
  json(): Record<string, unknown>;
}

export interface RequestOptions {
  method?: string;
  /** Header pairs, so a name may repeat. */
  headers?: [string, string][];
  body?: string;
}

export type ConfigOverrides = Partial<Omit<ApiConfig, 'keySet'>> & { keySet?: Partial<ApiConfig['keySet']> };

export class ApiUnderTest {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly config: ApiConfig,
    /** Lines the API logged server-side. */
    readonly logs: string[]
  ) {}

  static configFor(issuer: string, overrides: ConfigOverrides = {}): ApiConfig {
    const env = loadEnvironment({ AUTH0_ISSUER_BASE_URL: issuer, AUTH0_AUDIENCE: AUDIENCE, APP_ORIGIN });
    const base = apiConfigFrom(env);
    return { ...base, ...overrides, keySet: { ...base.keySet, ...overrides.keySet } };
  }

  static async start(issuer: string, overrides: ConfigOverrides = {}, deps: ApiDeps = {}): Promise<ApiUnderTest> {
    const config = ApiUnderTest.configFor(issuer, overrides);
    const logs: string[] = [];
    const server = createApiServer(createApp(config, { log: (line) => logs.push(line), ...deps }));
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    const { port } = server.address() as AddressInfo;
    return new ApiUnderTest(server, `http://localhost:${port}`, config, logs);
  }

  send(path: string, options: RequestOptions = {}): Promise<Reply> {
    // With headers given as a list, node:http adds no Host header of its own.
    const flat = [['host', new URL(this.baseUrl).host], ...(options.headers ?? [])].flat();
    if (options.body !== undefined) flat.push('content-length', String(Buffer.byteLength(options.body)));
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.baseUrl}${path}`,
        { method: options.method ?? 'GET', headers: flat, agent: this.agent, timeout: 10_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              json: () => JSON.parse(body) as Record<string, unknown>,
            });
          });
          res.on('error', reject);
        }
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from ${path} within 10 s`)));
      req.on('error', reject);
      req.end(options.body);
    });
  }

  /** GET with `Authorization: Bearer <token>`. */
  get(path: string, token?: string): Promise<Reply> {
    return this.send(path, { headers: token === undefined ? [] : [['authorization', `Bearer ${token}`]] });
  }

  close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
