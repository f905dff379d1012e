/**
 * The refusal a server prints when its port cannot be used, for the cases the entry-point tests cannot bring about
 * (a privileged port, when the tests run as root; a tenant).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEnvironment } from '../../src/config/environment';
import { describeListenError, quickstartPortSettings } from '../../src/config/startup';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

describe('describeListenError', () => {
  it('answers a privileged port with a value of the variable that works', () => {
    const env = loadEnvironment({ APP_ORIGIN: 'http://localhost' });
    const { app } = quickstartPortSettings(env, {});
    assert.equal(
      describeListenError(errno('EACCES'), 80, app, 1024),
      'not allowed to listen on port 80 (below 1024 needs privileges): set APP_ORIGIN=http://localhost:1024 (port 1024 is free now).'
    );
  });

  it('with a tenant, says that the new origin must be registered in the Auth0 application too', () => {
    const env = loadEnvironment({
      AUTH0_DOMAIN: 'dev-quickstart.eu.auth0.com',
      AUTH0_CLIENT_ID: 'abcDEF123',
      AUTH0_AUDIENCE: 'https://quickstarts/api',
    });
    const { app } = quickstartPortSettings(env, {});
    assert.equal(
      describeListenError(errno('EADDRINUSE'), 3000, app, 3002),
      "port 3000 is already in use: stop whatever is using it, or set APP_ORIGIN=http://localhost:3002 (port 3002 is free now), then add the new origin to your Auth0 application's Allowed Callback URLs, Logout URLs and Web Origins."
    );
  });

  it('moves a variable set to a URL at the same port along with the port (AUTH0_ISSUER_BASE_URL keeps its slash)', () => {
    const source = { AUTH_PORT: '4100', AUTH0_ISSUER_BASE_URL: 'http://localhost:4100/' };
    const { auth } = quickstartPortSettings(loadEnvironment(source), source);
    assert.match(
      describeListenError(errno('EADDRINUSE'), 4100, auth, 4101),
      / set AUTH_PORT=4101 and AUTH0_ISSUER_BASE_URL=http:\/\/localhost:4101\/ \(port 4101 is free now\)\.$/
    );
  });

  it('says what else went wrong, without a suggestion another port would not fix', () => {
    assert.equal(
      describeListenError(errno('EADDRNOTAVAIL'), 3000, 'API_PORT'),
      'could not listen on port 3000: EADDRNOTAVAIL'
    );
  });
});
