import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { AUTH_MODULE } from '../auth/auth.module';
import configModule from '../config/config.module';
import { registerStates } from '../routing/register-states';
import { homeComponent } from './home.component';
import { homeState } from './home.states';

export default angular
  .module('app.home', [uiRouter, AUTH_MODULE, configModule])
  .component('home', homeComponent)
  .config(registerStates(homeState)).name;
