import { describeParseHashError, describeRenewalError } from './auth-error';

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
    expect(describeRenewalError(undefined).code).toBe('unknown_error');
  });

  it('tells a network failure from a refused ID token', () => {
    expect(
      describeParseHashError({
        error: 'invalid_token',
        errorDescription: 'NetworkError when attempting to fetch resource.',
      }).code
    ).toBe('network_error');
    expect(describeParseHashError({ error: 'invalid_token', errorDescription: 'Invalid token' }).code).toBe(
      'invalid_token'
    );
  });
});
