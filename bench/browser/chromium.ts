/** Headless Chromium for the benchmarks, started as the end-to-end tests start it: puppeteer-core, the same flags. */
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_FLAGS, findChrome, noChromeMessage } from '../../scripts/chrome';

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(noChromeMessage().replace('npm test needs', 'the browser benchmarks need'));
  return puppeteer.launch({ executablePath, args: [...CHROMIUM_FLAGS], headless: true, timeout: 30_000 });
}
