import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RepeatedLineFilter, runCommand, RUNTIME_WARNING, summaryLines } from '../../scripts/test-output';
import { projectRoot, startEntry } from '../support/processes';

const WARNING_LINE = `${RUNTIME_WARNING} Use Node.js v22.x LTS, or a later LTS release.`;

describe('npm test refuses what it cannot run, at once and in one line', { timeout: 20_000 }, () => {
  it('when CHROME_BIN names nothing runnable', async () => {
    const started = Date.now();
    const run = startEntry('scripts/test.ts', { CHROME_BIN: '/nowhere/chromium' });
    assert.equal(await run.exited, 1);
    assert.ok(Date.now() - started < 10_000, 'it did not start any test first');
    assert.deepEqual(run.output().trim().split('\n'), [
      'CHROME_BIN is "/nowhere/chromium", which is not an executable: point it at Chrome or Chromium, or unset it and install Chromium (Debian/Ubuntu: `apt-get install chromium`).',
    ]);
  });

  it('when FIREFOX_BIN names nothing runnable', async () => {
    const started = Date.now();
    const run = startEntry('scripts/test.ts', { FIREFOX_BIN: '/nowhere/firefox' });
    assert.equal(await run.exited, 1);
    assert.ok(Date.now() - started < 10_000, 'it did not start any test first');
    assert.deepEqual(run.output().trim().split('\n'), [
      'FIREFOX_BIN is "/nowhere/firefox", which is not an executable: point it at Firefox, or unset it and install Firefox ESR (Debian: `apt-get install firefox-esr`).',
    ]);
  });

  it('when asked for a kind of test that does not exist', async () => {
    const run = startEntry('scripts/test.ts', {}, ['unti']);
    assert.equal(await run.exited, 2);
    assert.deepEqual(run.output().trim().split('\n'), [
      'Unknown test kind "unti": choose from static, unit, node, e2e.',
    ]);
  });
});

describe("npm test's output", { timeout: 20_000 }, () => {
  it("shows oidc-provider's runtime warning once per run, however many steps and streams print it", async () => {
    const filter = new RepeatedLineFilter(RUNTIME_WARNING);
    const shown: string[] = [];
    const outputs = { stdout: (text: string) => shown.push(text), stderr: (text: string) => shown.push(text) };
    // A step as the node test runner makes one: each test process prints the warning (on stderr; the runner
    // passes it on to its stdout), between the lines that matter.
    const script = `for (let i = 0; i < 3; i++) { console.log('file ' + i); console.error(${JSON.stringify(WARNING_LINE)}); }
      process.stdout.write(${JSON.stringify(WARNING_LINE.slice(0, 20))}); setTimeout(() => console.log(${JSON.stringify(WARNING_LINE.slice(20))}), 50);`;
    for (let step = 0; step < 2; step++) {
      const { code, output } = await runCommand([process.execPath, '-e', script], projectRoot, filter, outputs);
      assert.equal(code, 0);
      assert.equal(output.split(WARNING_LINE).length - 1, 1, 'the step output read for counts is left whole');
    }
    const text = shown.join('');
    assert.equal(text.split(WARNING_LINE).length - 1, 1, text);
    assert.equal(filter.dropped, 7);
    for (const i of [0, 1, 2]) assert.equal(text.split(`file ${i}\n`).length - 1, 2, `both steps' file ${i} lines`);
  });

  it('passes through a line that only starts like the warning, and text without a newline at once', () => {
    const filter = new RepeatedLineFilter(RUNTIME_WARNING);
    const shown: string[] = [];
    const writer = filter.wrap((text) => shown.push(text));
    writer.write('Executed 3 of 40');
    assert.deepEqual(shown, ['Executed 3 of 40'], 'a progress line is not held back');
    writer.write('\noidc-provider WARNING: something else\n');
    writer.write(`${WARNING_LINE}\n${WARNING_LINE}\n`);
    writer.write('oidc-provider');
    writer.end();
    assert.equal(
      shown.join(''),
      `Executed 3 of 40\noidc-provider WARNING: something else\n${WARNING_LINE}\noidc-provider`
    );
  });

  it('closes with a summary that says what it is, with each step, the totals and the whole time', () => {
    const lines = summaryLines(
      [
        { name: 'typecheck', ok: true, seconds: 21.4 },
        { name: 'node (config, ...)', ok: false, seconds: 201.6, counts: { passed: 598, failed: 2 } },
        { name: 'end-to-end (...)', ok: false, empty: true, seconds: 0 },
      ],
      583.2,
      11
    );
    assert.deepEqual(lines, [
      '=== summary: each step with its result, its time and its tests passed and failed ===',
      '  ok   typecheck (21.4 s)',
      '  FAIL node (config, ...) (3 min 22 s, 598 passed, 2 failed)',
      '  FAIL end-to-end (...): no test files found',
      'total: 598 passed, 2 failed, in 9 min 43 s',
      '(oidc-provider\'s "Unsupported runtime" warning, harmless on Node 20, was shown once and left out 11 more time(s))',
    ]);
  });
});
