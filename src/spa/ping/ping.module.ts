import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { AUTH_MODULE } from '../auth/auth.module';
import configModule from '../config/config.module';
import { registerStates } from '../routing/register-states';
import { pingComponent } from './ping.component';
import { pingState } from './ping.states';

export default angular
  .module('app.ping', [uiRouter, AUTH_MODULE, configModule])
  .component('ping', pingComponent)
  .config(registerStates(pingState)).name;
