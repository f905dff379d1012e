import { describeIdTokenError, describeParseHashError, describeRenewalError } from './session-errors';

describe('login and renewal errors in words', () => {
  it('explains every renewal failure and ends with what to do', () => {
    const cases = [
      { error: 'login_required', error_description: 'Login required' },
      { error: 'consent_required' },
      { error: 'interaction_required' },
      { error: 'timeout' },
      { error: 'origin_mismatch', error_description: "The redirectUri's origin should match" },
      { code: 'server_error', description: 'boom' },
      {},
    ];
    for (const error of cases) {
      const message = describeRenewalError(error).message;
      expect(message)
        .withContext(JSON.stringify(error))
        .toMatch(/Log in again to continue\.$/);
    }
  });

  it("names the server's error code and description when it is not one the app knows", () => {
    expect(describeRenewalError({ error: 'origin_mismatch', error_description: 'wrong origin' }).message).toBe(
      'Your session could not be renewed (origin_mismatch: wrong origin). Log in again to continue.'
    );
  });

  it('says in a sentence that the server could not be reached when the request got no answer (no status)', () => {
    const error = describeRenewalError({
      original: new Error('x'),
      description: 'Request has been terminated',
    } as never);
    expect(error.message).toBe(
      'Your session could not be renewed: the authorization server could not be reached (check your connection). ' +
        'Log in again to continue.'
    );
    expect(error.message).not.toContain('unknown_error');
  });

  it('copes with no error object at all', () => {
    expect(describeRenewalError(undefined).code).toBe('renewal_failed');
    expect(describeRenewalError(undefined).message).toContain('unknown_error');
  });

  it('tells a network failure from a refused ID token', () => {
    expect(
      describeParseHashError({
        error: 'invalid_token',
        errorDescription: 'NetworkError when attempting to fetch resource.',
      }).code
    ).toBe('unreachable');
    expect(describeParseHashError({ error: 'invalid_token', errorDescription: 'Invalid token' }).code).toBe(
      'id_token_invalid'
    );
  });

  it('says "issuer", with both values, when the ID token names another issuer than the one expected', () => {
    // auth0-js's words for it (idtoken-verifier), quoting the expected issuer and the one found.
    const said =
      'Issuer (iss) claim mismatch in the ID token, expected "https://http://localhost:4000/", found "http://localhost:4000/"';
    const error = describeIdTokenError({ error: 'invalid_token', description: said } as never);

    expect(error.code).toBe('issuer_mismatch');
    expect(error.message).toContain('issuer');
    expect(error.message).toContain(said);
  });
});
