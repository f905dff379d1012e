/** One leading slash, at most 2048 characters, no backslash (`/\host` is `//host`) and no control character. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const APP_PATH = /^\/(?![/\\])[^\\\0-\x1f]{0,2047}$/;

/**
 * Where a login may send the browser back to: a path of this app, with its query. Anything else (another origin,
 * `//host` however spelled, the callback itself, junk) becomes `homePath`: a login is never an open redirect.
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
