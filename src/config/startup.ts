/**
 * "Load the configuration, or print what is wrong and exit", written once for every entry point (`npm start`,
 * `check-config`, `serve`, the API, the local authorization server): a configuration or listening failure ends the
 * process with one readable line each, never a stack trace.
 */
import type { Server } from 'node:http';
import { checkConfiguration, type CheckOptions, type ConfigurationCheck } from './configuration-check';
import { findingLines } from './check-report';
import { ConfigError, loadDotenv, loadEnvironment, type QuickstartEnvironment } from './environment';

/** Prints each line as `label: configuration error: ...` on stderr and exits with status 1. */
export function exitWithConfigurationErrors(label: string, lines: string[]): never {
  for (const line of lines) console.error(`${label}: configuration error: ${line}`);
  process.exit(1);
}

function loadDotenvOrExit(label: string): void {
  try {
    loadDotenv();
  } catch (error) {
    exitWithConfigurationErrors(label, [`could not read .env: ${(error as Error).message}`]);
  }
}

/** Loads `.env` and the environment, or prints each problem on its own line and exits with status 1. */
export function environmentOrExit(label: string): QuickstartEnvironment {
  loadDotenvOrExit(label);
  try {
    return loadEnvironment();
  } catch (error) {
    exitWithConfigurationErrors(label, error instanceof ConfigError ? error.problems : [(error as Error).message]);
  }
}

export interface CheckedConfiguration extends ConfigurationCheck {
  env: QuickstartEnvironment;
}

export interface CheckOrExitOptions extends CheckOptions {
  /** A last line after the problems, given their number (check-config says how to try again). */
  closingLine?: (problemCount: number) => string;
}

/**
 * Loads `.env` and runs the whole configuration check (the tenant too, in tenant mode), printing one line per
 * finding on stderr. Exits with status 1 when there is a problem; otherwise returns the check, warnings included.
 */
export async function checkedConfigurationOrExit(
  label: string,
  options: CheckOrExitOptions = {}
): Promise<CheckedConfiguration> {
  loadDotenvOrExit(label);
  const check = await checkConfiguration(process.env, options);
  for (const line of findingLines(label, check)) console.error(line);
  if (check.problems.length > 0 || !check.env) {
    if (options.closingLine) console.error(`${label}: ${options.closingLine(check.problems.length)}`);
    process.exit(1);
  }
  if (check.warnings.some((finding) => finding.code === 'tenant-unreachable')) {
    console.error(`${label}: continuing without it: logging in will fail until the tenant can be reached.`);
  }
  return { ...check, env: check.env };
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
