/**
 * A page server for the apps beside this quickstart that the end-to-end tests run (Auth0's auth0-spa-js sample, the
 * second app, the third app): it answers what `resolve` finds for a path, 404 for the rest, and 204 for the favicon
 * browsers ask for (a 404 would be logged as a console error). Bounded: past `maxRequests` it answers 429, so a page
 * stuck in a loop fails its test rather than running on.
 */
import { createServer, type Server } from 'node:http';
import { listenOnLocalhost } from '../../src/config/startup';

export interface PageFile {
  type: string;
  body: string | Buffer;
}

export interface PageServer {
  stop(): Promise<void>;
}

export async function startPageServer(
  port: number,
  resolve: (path: string) => PageFile | null,
  maxRequests = 100
): Promise<PageServer> {
  let served = 0;
  const server: Server = createServer((req, res) => {
    served += 1;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (served > maxRequests) return void res.writeHead(429).end();
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const file = resolve(path);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'cache-control': 'no-store' }).end(file.body);
  });
  await listenOnLocalhost(server, port, 'page port');
  return {
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
