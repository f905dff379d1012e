/**
 * The API's figures, from its own benchmark: `npm run bench:api` runs as it is (its output passed through), and its
 * report is read back. It prints medians only, so min and max are not known here.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './bundle/packages';

export interface ApiFigures {
  /** Microseconds per request: the API's verifier, and crypto.verify with a cached key (the floor). */
  verify: { value: number; reference: number; ratio: number; target: string };
  /** Requests per second: our GET /api/private against our GET /api/public. */
  throughput: { value: number; reference: number; ratio: number; target: string };
  /** Requests per second, ours against the reference stack (bench/reference-api), by route. */
  againstReference: {
    public: { value: number; reference: number; ratio: number };
    private: { value: number; reference: number; ratio: number; target: string };
    /** The security headers each stack sends on GET /api/private. */
    headers: { ours: string; reference: string };
  };
  output: string;
}

export function hasApiBenchmark(): boolean {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return Boolean(scripts?.['bench:api']);
}

function number(output: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(output);
  if (!match?.[1]) throw new Error(`could not read ${what} from the output of npm run bench:api`);
  return Number(match[1].replace(/,/g, ''));
}

/** Reads the figures from bench:api's report; throws naming the figure when the report has changed shape. */
export function parseApiReport(output: string): Omit<ApiFigures, 'output'> {
  const floor = number(output, /crypto\.verify[^\n]*?([\d.]+) µs/, 'the crypto.verify time');
  const perRequest = number(output, /API verifier, per request[^\n]*?([\d.]+) µs/, 'the per-request verify time');
  const verifyRatio = number(output, /API verifier, per request[^\n]*ratio ([\d.]+)/, 'the verification ratio');
  const verifyTarget = /per request[^\n]*\(target ([^:]+):/.exec(output)?.[1] ?? '';
  const rate = (stack: string, route: string) =>
    number(output, new RegExp(`${stack}\\s+GET /api/${route}\\s+([\\d,]+) req/s`), `${stack} ${route} throughput`);
  const throughputRatio = number(output, /private \/ public ratio ([\d.]+)/, 'the throughput ratio');
  const throughputTarget = /private \/ public ratio[^\n]*\(target ([^:]+):/.exec(output)?.[1] ?? '';
  const versus = (route: string) =>
    number(output, new RegExp(`ours / reference, GET /api/${route}\\s+ratio ([\\d.]+)`), `ours / reference, ${route}`);
  const versusTarget = /ours \/ reference, GET \/api\/private[^\n]*\(target ([^:]+):/.exec(output)?.[1] ?? '';
  const headersOf = (stack: string) =>
    new RegExp(`security headers, ${stack}:\\s+([^\\n]*)`).exec(output)?.[1]?.trim() ?? '';
  return {
    verify: { value: perRequest, reference: floor, ratio: verifyRatio, target: verifyTarget },
    throughput: {
      value: rate('ours', 'private'),
      reference: rate('ours', 'public'),
      ratio: throughputRatio,
      target: throughputTarget,
    },
    againstReference: {
      public: { value: rate('ours', 'public'), reference: rate('reference', 'public'), ratio: versus('public') },
      private: {
        value: rate('ours', 'private'),
        reference: rate('reference', 'private'),
        ratio: versus('private'),
        target: versusTarget,
      },
      headers: { ours: headersOf('ours'), reference: headersOf('reference') },
    },
  };
}

export function measureApi(): Promise<ApiFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'bench:api'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let shown = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const complete = output.lastIndexOf('\n') + 1;
      for (const line of output.slice(shown, complete).split('\n')) if (line) console.log(`  [bench:api] ${line}`);
      shown = Math.max(shown, complete);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', reject);
    // bench:api exits 1 when it misses its own targets: the figures are still read and shown.
    child.on('close', () => {
      try {
        resolve({ ...parseApiReport(output), output });
      } catch (error) {
        reject(error);
      }
    });
  });
}
