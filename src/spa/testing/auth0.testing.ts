import type { AngularAuth0 } from 'angular-auth0';
import type { Auth0Callback, Auth0DecodedHash, Auth0Error, Auth0UserProfile } from 'auth0-js';

type Methods = 'authorize' | 'parseHash' | 'logout' | 'checkSession';

/** auth0-js as angular-auth0 hands it over, with every call a spy and no network. */
export type FakeAngularAuth0 = jasmine.SpyObj<Pick<AngularAuth0, Methods>> & {
  client: { userInfo: jasmine.Spy<AngularAuth0['client']['userInfo']> };
};

export function fakeAngularAuth0(): FakeAngularAuth0 {
  return Object.assign(
    jasmine.createSpyObj<Pick<AngularAuth0, Methods>>('angularAuth0', [
      'authorize',
      'parseHash',
      'logout',
      'checkSession',
    ]),
    {
      client: { userInfo: jasmine.createSpy<AngularAuth0['client']['userInfo']>('userInfo') },
    }
  );
}

/** A checkSession answer as auth0-js gives it on success: fresh tokens lasting `expiresIn` seconds. */
export function renewedTokens(
  accessToken: string,
  expiresIn = 7200,
  scope = 'openid profile read:messages'
): Auth0DecodedHash {
  return { accessToken, idToken: 'renewed-id-token', expiresIn, scope, appState: null };
}

/** Keeps checkSession's callback so a spec can answer it when it chooses. */
export function holdCheckSession(fake: FakeAngularAuth0): { answer: Auth0Callback<Auth0DecodedHash, Auth0Error> } {
  const held = {} as { answer: Auth0Callback<Auth0DecodedHash, Auth0Error> };
  fake.checkSession.and.callFake((_options, callback) => {
    held.answer = callback;
  });
  return held;
}

/** Keeps userInfo's callback; auth0-js calls it from outside AngularJS, as the spec then does. */
export function holdUserInfo(fake: FakeAngularAuth0): { answer: Auth0Callback<Auth0UserProfile, Auth0Error> } {
  const held = {} as { answer: Auth0Callback<Auth0UserProfile, Auth0Error> };
  fake.client.userInfo.and.callFake((_token, callback) => {
    held.answer = callback;
  });
  return held;
}
