// angular first: angular-jwt and ui-router expect the `angular` global when they load.
import angular from 'angular';
import appModule from './app.module';
import type { AuthSessionProvider } from './auth';
import { APP_CONFIG } from './config/app-config.constant';
import { authConfigFrom } from './config/app-config';
import './styles.css';

/** The session module's one configuration value, from the build's configuration. */
function configureSession(authSessionProvider: AuthSessionProvider): void {
  authSessionProvider.configure(authConfigFrom(APP_CONFIG));
}
configureSession.$inject = ['authSessionProvider'];

// The script is deferred (webpack.config.js), so the document is parsed by now. strictDi: a missing $inject fails
// here, loudly, instead of as `Unknown provider: tProvider` in the minified build.
angular.bootstrap(document, [appModule, configureSession], { strictDi: true });
