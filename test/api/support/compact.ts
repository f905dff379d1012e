/**
 * Builds JWS compact tokens by hand, for the tokens no well-behaved library would sign: `alg: none`, HMAC keyed
 * with a public key, arbitrary headers.
 */
import { createHmac } from 'node:crypto';
import { b64url } from './test-issuer';

export function compact(header: object, payload: object, sign: (input: string) => string = () => ''): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}

export function hmacWith(secret: string | Buffer): (input: string) => string {
  return (input) => createHmac('sha256', secret).update(input).digest('base64url');
}
