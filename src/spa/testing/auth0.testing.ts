import type { AngularAuth0, OAuthTokenResult } from 'angular-auth0';
import type { Auth0Callback, Auth0DecodedHash, Auth0Error, Auth0UserProfile } from 'auth0-js';
import { fakeIdToken } from './session.testing';

type Methods = 'authorize' | 'parseHash' | 'validateToken' | 'logout' | 'checkSession';
type Client = AngularAuth0['client'];

/** The /authorize URL the fake auth0-js builds: specs check what it was built from, and that the browser went there. */
export const FAKE_AUTHORIZE_URL = 'http://localhost:4000/authorize?built-by=fake-auth0-js';

/** auth0-js as angular-auth0 hands it over (the `angularAuth0` client), with every call a spy and no network. */
export type FakeWebAuth = jasmine.SpyObj<Pick<AngularAuth0, Methods>> & {
  client: { [K in keyof Client]: jasmine.Spy<Client[K]> };
};

/**
 * A fake client whose calls answer nothing until a spec says what they answer, except `buildAuthorizeUrl` (a fixed
 * URL) and `validateToken` (the ID token passes, as auth0-js says when signature, issuer, audience and nonce hold).
 */
export function fakeWebAuth(): FakeWebAuth {
  const webAuth = jasmine.createSpyObj<Pick<AngularAuth0, Methods>>('angularAuth0', [
    'authorize',
    'parseHash',
    'validateToken',
    'logout',
    'checkSession',
  ]);
  webAuth.validateToken.and.callFake((_idToken, _nonce, callback) => callback(null, {}));
  return Object.assign(webAuth, {
    client: {
      buildAuthorizeUrl: jasmine
        .createSpy<Client['buildAuthorizeUrl']>('buildAuthorizeUrl')
        .and.returnValue(FAKE_AUTHORIZE_URL),
      oauthToken: jasmine.createSpy<Client['oauthToken']>('oauthToken'),
      userInfo: jasmine.createSpy<Client['userInfo']>('userInfo'),
    },
  });
}

/** What /oauth/token answers, as auth0-js hands it over. */
export function tokenResponse(accessToken: string, options: Partial<OAuthTokenResult> = {}): OAuthTokenResult {
  return {
    accessToken,
    idToken: fakeIdToken(),
    expiresIn: 7200,
    scope: 'openid profile read:messages offline_access',
    tokenType: 'Bearer',
    ...options,
  };
}

/** Makes /oauth/token answer every call with `result`, or with `error`; auth0-js calls back outside any digest. */
export function answerOAuthToken(webAuth: FakeWebAuth, error: Partial<Auth0Error> | null, result?: OAuthTokenResult) {
  webAuth.client.oauthToken.and.callFake((_options, callback) => callback(error as Auth0Error, result as never));
}

/** Keeps each /oauth/token call's callback so a spec can answer it when it chooses. */
export function holdOAuthToken(webAuth: FakeWebAuth): Auth0Callback<OAuthTokenResult, Auth0Error>[] {
  const held: Auth0Callback<OAuthTokenResult, Auth0Error>[] = [];
  webAuth.client.oauthToken.and.callFake((_options, callback) => {
    held.push(callback);
  });
  return held;
}

/** A checkSession (implicit flow) answer as auth0-js gives it on success: tokens lasting `expiresIn` seconds. */
export function renewedTokens(
  accessToken: string,
  expiresIn = 7200,
  scope = 'openid profile read:messages'
): Auth0DecodedHash {
  return { accessToken, idToken: fakeIdToken(), expiresIn, scope, appState: null };
}

/** Keeps checkSession's callback so a spec can answer it when it chooses. */
export function holdCheckSession(fake: FakeWebAuth): { answer: Auth0Callback<Auth0DecodedHash, Auth0Error> } {
  const held = {} as { answer: Auth0Callback<Auth0DecodedHash, Auth0Error> };
  fake.checkSession.and.callFake((_options, callback) => {
    held.answer = callback;
  });
  return held;
}

/** Keeps userInfo's callback; auth0-js calls it from outside AngularJS, as the spec then does. */
export function holdUserInfo(fake: FakeWebAuth): { answer: Auth0Callback<Auth0UserProfile, Auth0Error> } {
  const held = {} as { answer: Auth0Callback<Auth0UserProfile, Auth0Error> };
  fake.client.userInfo.and.callFake((_token, callback) => {
    held.answer = callback;
  });
  return held;
}
