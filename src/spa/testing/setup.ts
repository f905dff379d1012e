/**
 * Imported first by every spec: angular before angular-mocks, and strict DI in every spec's injector, so a missing
 * `$inject` fails here rather than in the minified build.
 */
import angular from 'angular';
import 'angular-mocks';

beforeEach(angular.mock.inject.strictDi(true));
