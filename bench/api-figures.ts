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
  /** Requests per second: GET /api/private against GET /api/public. */
  throughput: { value: number; reference: number; ratio: number; target: string };
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
  const publicRate = number(output, /GET \/api\/public\s+([\d,]+) req\/s/, 'the public throughput');
  const privateRate = number(output, /GET \/api\/private\s+([\d,]+) req\/s/, 'the private throughput');
  const throughputRatio = number(output, /private \/ public ratio ([\d.]+)/, 'the throughput ratio');
  const throughputTarget = /private \/ public ratio[^\n]*\(target ([^:]+):/.exec(output)?.[1] ?? '';
  return {
    verify: { value: perRequest, reference: floor, ratio: verifyRatio, target: verifyTarget },
    throughput: { value: privateRate, reference: publicRate, ratio: throughputRatio, target: throughputTarget },
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
