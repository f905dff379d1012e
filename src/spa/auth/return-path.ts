/** Where a login goes when it has no page to return to. */
export const HOME_PATH = '/';

const MAX_LENGTH = 2048;

/**
 * The page a login may send the browser back to: a path of this app, with its query, or home. Anything else (another
 * origin, a protocol-relative `//host`, a backslash trick, the callback itself, junk) becomes home, so a crafted
 * return target can never turn the login into an open redirect.
 */
export function safeReturnPath(value: unknown, appOrigin: string): string {
  // Browsers treat `/\host` like `//host`, and drop tabs and newlines (control characters sort before ' ') before
  // parsing: refuse both outright.
  if (
    typeof value !== 'string' ||
    value.length > MAX_LENGTH ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\') ||
    [...value].some((c) => c < ' ')
  ) {
    return HOME_PATH;
  }
  let url: URL;
  try {
    url = new URL(value, appOrigin);
  } catch {
    return HOME_PATH;
  }
  // A path that starts with one slash stays on the app's origin.
  return url.pathname === '/callback' ? HOME_PATH : `${url.pathname}${url.search}`;
}
