import { fakeAccessToken } from '../testing/session.testing';
import { accessTokenKind, jwtPayload } from './jwt-payload';

/** base64url of a binary string, as JWTs encode their parts. */
const base64url = (binary: string) => btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('jwtPayload()', () => {
  it('reads the payload of a signed JWT, UTF-8 included', () => {
    const payload = base64url(String.fromCharCode(...new TextEncoder().encode('{"name":"Zoë"}')));

    expect(jwtPayload(`e30.${payload}.c2ln`)).toEqual({ name: 'Zoë' });
  });

  it('refuses a payload that is not valid UTF-8, which would make a lenient decoder throw later', () => {
    // {"a":"\xff"}: the byte 0xff never occurs in UTF-8.
    const payload = base64url('{"a":"\xff"}');

    expect(jwtPayload(`e30.${payload}.c2ln`)).toBeNull();
  });

  it('refuses three parts that are not a JWT', () => {
    expect(jwtPayload('a.b.c')).toBeNull();
    expect(jwtPayload('not base64!.e30.sig')).toBeNull();
    expect(jwtPayload('e30.WzFd.c2ln')).withContext('an array').toBeNull();
    expect(jwtPayload('')).toBeNull();
  });
});

describe('accessTokenKind()', () => {
  it('knows a signed JWT', () => {
    expect(accessTokenKind(fakeAccessToken(Date.now()))).toBe('jwt');
  });

  it('calls an opaque token, as Auth0 issues without an audience, opaque', () => {
    expect(accessTokenKind('B3aXR7pR4k9vBrmBPvYkQ1yTqFt2lE0X')).toBe('opaque');
  });

  it('calls an encrypted five-part JWE, as Auth0 issues for /userinfo only, opaque', () => {
    expect(accessTokenKind('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv-part.cipher-text.tag-part')).toBe('opaque');
  });

  it('calls a JWT-shaped token whose payload cannot be read unreadable', () => {
    expect(accessTokenKind(`e30.${base64url('{"a":"\xff"}')}.c2ln`)).toBe('unreadable');
    expect(accessTokenKind('a.b.c')).toBe('unreadable');
  });
});
