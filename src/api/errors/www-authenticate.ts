/**
 * Builds the `WWW-Authenticate: Bearer ...` challenge of RFC 6750 section 3.
 *
 * Attribute values are quoted-strings; the descriptions are our own constants, but quotes and backslashes are still
 * dropped so no value can ever break out of its quotes.
 */
export const REALM = 'api';

export interface ChallengeParts {
  error?: string;
  description?: string;
  scope?: string;
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

export function bearerChallenge(parts: ChallengeParts = {}): string {
  const attributes = [`realm=${quoted(REALM)}`];
  if (parts.error) attributes.push(`error=${quoted(parts.error)}`);
  if (parts.description) attributes.push(`error_description=${quoted(parts.description)}`);
  if (parts.scope) attributes.push(`scope=${quoted(parts.scope)}`);
  return `Bearer ${attributes.join(', ')}`;
}
