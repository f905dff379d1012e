import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEntry } from '../support/processes';

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
