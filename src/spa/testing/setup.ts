/**
 * Imported first by every spec: angular before angular-mocks, and strict DI in every spec's injector, so a missing
 * `$inject` fails here rather than in the minified build.
 */
import angular from 'angular';
import 'angular-mocks';
import { importAngularAuth0 } from '../auth/auth0-loader';

beforeEach(angular.mock.inject.strictDi(true));

// auth0-js and (the fake) angular-auth0 load once per page; loaded before any spec, every spec sees the same timing.
beforeAll(() => importAngularAuth0(window));
