/** Finds a Chrome or Chromium binary for the tests: CHROME_BIN first, then the usual install paths. */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Headless Chromium as every browser test and benchmark here starts it. Root in a container needs --no-sandbox; the
 * rest keeps Chromium from reaching for the network, which is closed. A JSON file, so karma.conf.js reads it too.
 */
export const CHROMIUM_FLAGS: readonly string[] = createRequire(import.meta.url)('./chromium-flags.json');

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChrome(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROME_BIN?.trim();
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find(isExecutable);
}

/** The one line to print when findChrome found nothing. */
export function noChromeMessage(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROME_BIN?.trim();
  const install = 'install Chromium (Debian/Ubuntu: `apt-get install chromium`)';
  return fromEnv
    ? `CHROME_BIN is "${fromEnv}", which is not an executable: point it at Chrome or Chromium, or unset it and ${install}.`
    : `npm test needs Chrome or Chromium and found neither: ${install} or set CHROME_BIN to its path.`;
}
