/**
 * The two facts about a URL that the configuration needs in several places, written once.
 */

/** The port a URL connects to, also when it is the scheme's default and so absent from the URL. */
export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * Whether tokens or signing keys may travel to this URL: over https, or over plain http to `localhost` itself (the
 * local authorization server and the test fakes). Plain http elsewhere could be read or changed in transit. A name
 * under `.localhost` is not special to Node's resolver, so it goes to DNS like any other name and is not allowed.
 */
export function isHttpsOrLocalhost(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
}
