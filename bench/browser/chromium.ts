/** Headless Chromium for the benchmarks, started as the end-to-end tests start it. */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_FLAGS, findChrome } from '../../scripts/chrome';

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) {
    throw new Error(
      'the browser benchmarks need Chrome or Chromium: install it (apt-get install chromium) or set CHROME_BIN.'
    );
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS], timeout: 30_000 });
}
