/**
 * A path of at most 2048 characters starting with exactly one slash, with no backslash and no control character:
 * browsers treat `/\host` like `//host`, and drop tabs and newlines before parsing, so both are refused outright.
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const APP_PATH = /^\/(?![/\\])[^\\\0-\x1f]{0,2047}$/;

/**
 * The page a login may send the browser back to: a path of this app, with its query, or `homePath`. Anything else
 * (another origin, a protocol-relative `//host` however it is spelled, a backslash trick, the callback itself, junk)
 * becomes home, so a crafted return target can never turn the login into an open redirect.
 */
export function safeReturnPath(value: unknown, appOrigin: string, callbackPath: string, homePath = '/'): string {
  if (typeof value !== 'string' || !APP_PATH.test(value)) return homePath;
  let url: URL;
  try {
    url = new URL(value, appOrigin);
  } catch {
    return homePath;
  }
  // Dot segments are resolved by now: `/.//host`, `/%2e//host` and `/a/..//host` all became `//host`.
  if (url.origin !== appOrigin || url.pathname.startsWith('//') || url.pathname === callbackPath) return homePath;
  return `${url.pathname}${url.search}`;
}
