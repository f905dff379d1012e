import angular from 'angular';
import angularAuth0 from 'angular-auth0';
import { auth0Config } from './auth0.config';

/**
 * angular-auth0 and auth0-js, in a chunk of their own that auth0-loader.service.ts loads when the session first
 * needs it. angular-auth0 reads the `auth0` global as it loads (webpack's ProvidePlugin supplies auth0-js), so
 * importing this module is what brings auth0-js in.
 */
export default angular.module('app.auth0', [angularAuth0]).config(auth0Config).name;
