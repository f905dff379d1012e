// angular first: angular-auth0, angular-jwt and ui-router expect the `angular` global when they load.
import angular from 'angular';
import appModule from './app.module';
import './styles.css';

// strictDi: a missing $inject fails here, loudly, instead of as `Unknown provider: tProvider` in the minified build.
angular.element(document).ready(() => {
  angular.bootstrap(document, [appModule], { strictDi: true });
});
