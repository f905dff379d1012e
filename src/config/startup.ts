/**
 * Start-up helpers shared by the servers' entry points: configuration and listening failures end the process with
 * one readable line each, never a stack trace.
 */
import type { Server } from 'node:http';
import { ConfigError, loadDotenv, loadEnvironment, type QuickstartEnvironment } from './environment';

/** Loads `.env` and the environment, or prints each problem on its own line and exits with status 1. */
export function environmentOrExit(label: string): QuickstartEnvironment {
  try {
    loadDotenv();
    return loadEnvironment();
  } catch (error) {
    const lines = error instanceof ConfigError ? error.problems : [(error as Error).message];
    for (const line of lines) console.error(`${label}: configuration error: ${line}`);
    process.exit(1);
  }
}

/** Why a listen failed, in words a user can act on. */
export function describeListenError(error: NodeJS.ErrnoException, port: number, variable: string): string {
  if (error.code === 'EADDRINUSE') {
    return `port ${port} is already in use: stop whatever is using it, or set ${variable} to a free port.`;
  }
  if (error.code === 'EACCES') return `not allowed to listen on port ${port}: set ${variable} to a port above 1024.`;
  return `could not listen on port ${port}: ${error.message}`;
}

/**
 * Starts listening, on `localhost` unless told otherwise; resolves once bound, rejects with a readable message
 * otherwise.
 */
export function listenOnLocalhost(server: Server, port: number, variable: string, host = 'localhost'): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new Error(describeListenError(error, port, variable)));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
