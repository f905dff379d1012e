// angular first: angular-auth0, angular-jwt and ui-router expect the `angular` global when they load.
import angular from 'angular';
import appModule from './app.module';
import './styles.css';

// The script is deferred (webpack.config.js), so the document is parsed by now. strictDi: a missing $inject fails
// here, loudly, instead of as `Unknown provider: tProvider` in the minified build.
angular.bootstrap(document, [appModule], { strictDi: true });
