import { base64url, codeChallengeFor, createCodeVerifier, randomToken } from './pkce';

describe('PKCE', () => {
  it('makes a 43-character verifier from the unreserved characters, different every time', () => {
    const verifiers = new Set(Array.from({ length: 20 }, () => createCodeVerifier()));

    expect(verifiers.size).toBe(20);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('derives the S256 challenge of RFC 7636, appendix B', async () => {
    await expectAsync(codeChallengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBeResolvedTo(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    );
  });

  it('encodes bytes as base64url without padding', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
