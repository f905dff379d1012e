/** Headless Chromium for the benchmarks, with the same flags as the end-to-end test (a closed network, no GPU). */
import { chromium, type Browser } from 'playwright-core';
import { findChrome } from '../../scripts/chrome';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) {
    throw new Error(
      'the browser benchmarks need Chrome or Chromium: install it (apt-get install chromium) or set CHROME_BIN.'
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, timeout: 30_000 });
}
