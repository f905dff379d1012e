/**
 * Finds the browsers the tests drive: Chrome or Chromium (CHROME_BIN first, then the usual install paths) and
 * Firefox (FIREFOX_BIN first, then Debian's firefox-esr and the usual install paths).
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Headless Chromium as every browser test and benchmark here starts it. Root in a container needs --no-sandbox; the
 * rest keeps Chromium from reaching for the network, which is closed. A JSON file, so karma.conf.js reads it too.
 */
export const CHROMIUM_FLAGS: readonly string[] = createRequire(import.meta.url)('./chromium-flags.json');

const CHROME_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const FIREFOX_CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/snap/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The variable's value if it names an executable; otherwise, when it is unset, the first candidate installed. */
function find(variable: string, candidates: string[], env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env[variable]?.trim();
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return candidates.find(isExecutable);
}

export function findChrome(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return find('CHROME_BIN', CHROME_CANDIDATES, env);
}

export function findFirefox(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return find('FIREFOX_BIN', FIREFOX_CANDIDATES, env);
}

/** The one line to print when findChrome found nothing. */
export function noChromeMessage(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROME_BIN?.trim();
  const install = 'install Chromium (Debian/Ubuntu: `apt-get install chromium`)';
  return fromEnv
    ? `CHROME_BIN is "${fromEnv}", which is not an executable: point it at Chrome or Chromium, or unset it and ${install}.`
    : `npm test needs Chrome or Chromium and found neither: ${install} or set CHROME_BIN to its path.`;
}

/** The one line to print when findFirefox found nothing. */
export function noFirefoxMessage(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.FIREFOX_BIN?.trim();
  const install = 'install Firefox ESR (Debian: `apt-get install firefox-esr`)';
  return fromEnv
    ? `FIREFOX_BIN is "${fromEnv}", which is not an executable: point it at Firefox, or unset it and ${install}.`
    : `npm test needs Firefox and found none: ${install} or set FIREFOX_BIN to its path.`;
}
