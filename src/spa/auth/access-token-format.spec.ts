import { fakeAccessToken } from '../testing/session.testing';
import { isVerifiableJwt } from './access-token-format';

describe('isVerifiableJwt()', () => {
  it('accepts a signed JWT', () => {
    expect(isVerifiableJwt(fakeAccessToken(Date.now()))).toBeTrue();
  });

  it('refuses an opaque token, as Auth0 issues without an audience', () => {
    expect(isVerifiableJwt('B3aXR7pR4k9vBrmBPvYkQ1yTqFt2lE0X')).toBeFalse();
  });

  it('refuses an encrypted five-part JWE, as Auth0 issues for /userinfo only', () => {
    expect(isVerifiableJwt('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv-part.cipher-text.tag-part')).toBeFalse();
  });

  it('refuses three parts that are not a JWT', () => {
    expect(isVerifiableJwt('a.b.c')).toBeFalse();
    expect(isVerifiableJwt('not base64!.e30.sig')).toBeFalse();
    expect(isVerifiableJwt('')).toBeFalse();
  });
});
