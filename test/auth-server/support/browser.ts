/**
 * Just enough of a browser for the server's HTTP flows: fetch with manual redirects and a cookie jar that honours
 * cookie paths and deletions, and helpers for the authorization requests auth0-js makes.
 */
import { randomBytes } from 'node:crypto';
import type { AuthServerUnderTest } from './auth-server-under-test';
import { APP_ORIGIN, CALLBACK } from './auth-server-under-test';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(setCookieHeaders: string[]): void {
    for (const header of setCookieHeaders) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const split = pair.indexOf('=');
      const name = pair.slice(0, split);
      const value = pair.slice(split + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, attributeValue = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = attributeValue;
        if (key.toLowerCase() === 'expires' && new Date(attributeValue).getTime() <= Date.now()) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(attributeValue) <= 0) expired = true;
      }
      const key = `${name}@${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  headerFor(url: URL): string {
    return [...this.cookies.values()]
      .filter(({ path }) => url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
  }

  names(): string[] {
    return [...this.cookies.values()].map(({ name }) => name);
  }
}

export class TestBrowser {
  readonly jar = new CookieJar();

  constructor(private readonly server: AuthServerUnderTest) {}

  /** One request, no redirect followed; relative URLs are resolved against the server. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.server.baseUrl);
    const headers = new Headers(init.headers);
    const cookie = this.jar.headerFor(target);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(5000) });
    this.jar.store(response.headers.getSetCookie());
    return response;
  }

  /** Follows redirects within the server; stops at the first response that is not a redirect to it. */
  async navigate(url: string, init: RequestInit = {}): Promise<Response> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (!location || response.status < 300 || response.status >= 400) return response;
      const next = new URL(location, this.server.baseUrl);
      if (next.origin !== this.server.baseUrl) return response;
      await response.body?.cancel();
      response = await this.request(next.href);
    }
    throw new Error('too many redirects');
  }

  /** Submits a urlencoded form, as a browser does for the login page. */
  submit(action: string, fields: Record<string, string>): Promise<Response> {
    return this.navigate(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

export const random = () => randomBytes(12).toString('base64url');

/** The query auth0-js sends to /authorize for `authorize()`; `overrides` replace or (with undefined) drop values. */
export function authorizeUrl(server: AuthServerUnderTest, overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    client_id: server.config.clientId,
    response_type: 'token id_token',
    redirect_uri: CALLBACK,
    scope: 'openid profile email read:messages',
    audience: server.config.audience,
    state: random(),
    nonce: random(),
    auth0Client: Buffer.from(JSON.stringify({ name: 'auth0.js', version: '10.2.1' })).toString('base64'),
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value);
  return `/authorize?${query}`;
}

/** The login form's action on a login page. */
export function formAction(html: string): string {
  const match = /<form[^>]*action="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no form on the page:\n${html}`);
  return match[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** Every hidden input of the page, including those tied to a form with the `form` attribute. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1];
    if (name !== undefined && value !== undefined) fields[name] = value;
  }
  return fields;
}

/** The parameters of a redirect to the SPA's callback, read from the fragment. */
export function callbackParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location?.startsWith(CALLBACK)) {
    throw new Error(`expected a redirect to ${CALLBACK}, got ${response.status} ${location ?? '(no location)'}`);
  }
  return new URLSearchParams(new URL(location).hash.slice(1));
}

/** Logs in through the hosted page as the demo user and returns the redirect to the SPA's callback. */
export async function logIn(
  browser: TestBrowser,
  server: AuthServerUnderTest,
  overrides: Record<string, string | undefined> = {}
): Promise<Response> {
  const loginPage = await browser.navigate(authorizeUrl(server, overrides));
  if (loginPage.status !== 200) throw new Error(`expected the login page, got ${loginPage.status}`);
  const { email, password } = server.config.demoUser;
  return browser.submit(formAction(await loginPage.text()), { email, password });
}

export { APP_ORIGIN };
