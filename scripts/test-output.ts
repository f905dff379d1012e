/**
 * How `npm test` (scripts/test.ts) shows its steps: each step's output as it comes, except the repeats of
 * oidc-provider's "Unsupported runtime" warning, and the closing summary.
 *
 * On Node 20, oidc-provider warns once in every process that loads it, and a run loads it in a dozen test files:
 * the warning is shown the first time and counted after that.
 */
import { spawn } from 'node:child_process';

/** The line oidc-provider prints on a Node.js release it does not support (Node 20 here). */
export const RUNTIME_WARNING = 'oidc-provider WARNING: Unsupported runtime.';

export interface Writer {
  write(text: string): void;
  /** Writes what is held back (the start of a line that might have been a repeat). */
  end(): void;
}

/**
 * Passes text through, dropping each line that starts with `prefix` after the first one, across every stream it
 * wraps. Text arrives in chunks that may split a line: the start of a line that could still become the repeated one
 * is held back until its end; any other text is written at once.
 */
export class RepeatedLineFilter {
  #shown = false;
  /** How many lines were dropped. */
  dropped = 0;

  constructor(readonly prefix: string) {}

  wrap(out: (text: string) => void): Writer {
    let held = '';
    // Whether the last text written ended inside a line, so that the next text does not start one.
    let inLine = false;
    const write = (chunk: string) => {
      let text = held + chunk;
      held = '';
      let passed = '';
      while (text.length > 0) {
        const newline = text.indexOf('\n');
        const piece = newline === -1 ? text : text.slice(0, newline + 1);
        text = text.slice(piece.length);
        if (!inLine) {
          const line = piece.replace(/\r?\n$/, '');
          if (newline === -1 && (this.prefix.startsWith(line) || line.startsWith(this.prefix))) {
            held = piece;
            break;
          }
          if (line.startsWith(this.prefix)) {
            if (this.#shown) {
              this.dropped++;
              continue;
            }
            this.#shown = true;
          }
        }
        passed += piece;
        inLine = newline === -1;
      }
      if (passed) out(passed);
    };
    return {
      write,
      end: () => {
        if (held) out(held);
        held = '';
      },
    };
  }
}

/**
 * Runs a step's command, passing its stdout and stderr through `filter` to ours as they come. Resolves with its exit
 * code and its whole stdout (unfiltered), from which the step's test counts are read.
 */
export function runCommand(
  command: string[],
  cwd: string,
  filter: RepeatedLineFilter,
  outputs: { stdout: (text: string) => void; stderr: (text: string) => void } = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [program, ...args] = command;
    const child = spawn(program, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = filter.wrap(outputs.stdout);
    const stderr = filter.wrap(outputs.stderr);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.write(chunk));
    child.on('close', (code) => {
      stdout.end();
      stderr.end();
      resolve({ code: code ?? 1, output });
    });
  });
}

export interface StepResult {
  name: string;
  /** False when the step failed, or had nothing to run. */
  ok: boolean;
  /** Set when the step had no test files, so it did not run. */
  empty?: boolean;
  seconds: number;
  counts?: { passed: number; failed: number };
}

function duration(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/**
 * The closing lines: what they are, one line per step (result, time, tests passed and failed), the totals with the
 * whole run's time, and how many repeats of the runtime warning were left out.
 */
export function summaryLines(results: readonly StepResult[], totalSeconds: number, droppedWarnings: number): string[] {
  const passed = results.reduce((sum, step) => sum + (step.counts?.passed ?? 0), 0);
  const failed = results.reduce((sum, step) => sum + (step.counts?.failed ?? 0), 0);
  return [
    '=== summary: each step with its result, its time and its tests passed and failed ===',
    ...results.map((step) => {
      if (step.empty) return `  FAIL ${step.name}: no test files found`;
      const tally = step.counts ? `, ${step.counts.passed} passed, ${step.counts.failed} failed` : '';
      return `  ${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${duration(step.seconds)}${tally})`;
    }),
    `total: ${passed} passed, ${failed} failed, in ${duration(totalSeconds)}`,
    ...(droppedWarnings > 0
      ? [
          `(oidc-provider's "Unsupported runtime" warning, harmless on Node 20, was shown once and left out ${droppedWarnings} more time(s))`,
        ]
      : []),
  ];
}
