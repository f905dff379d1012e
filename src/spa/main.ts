// angular first: angular-auth0, angular-jwt and ui-router expect the `angular` global when they load.
import angular from 'angular';
import appModule from './app.module';
import { authModule } from './auth/auth.module';
import { APP_CONFIG } from './config/app-config.constant';
import { authConfigFrom } from './config/app-config';
import './styles.css';

// The session module (src/spa/auth), configured by its one value, from the build's configuration.
authModule(authConfigFrom(APP_CONFIG));

// The script is deferred (webpack.config.js), so the document is parsed by now. strictDi: a missing $inject fails
// here, loudly, instead of as `Unknown provider: tProvider` in the minified build.
angular.bootstrap(document, [appModule], { strictDi: true });
