import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authSession from '../auth';
import configModule from '../config/config.module';
import { registerStates } from '../routing/register-states';
import { pingComponent } from './ping.component';
import { pingState } from './ping.states';

export default angular
  .module('app.ping', [uiRouter, authSession, configModule])
  .component('ping', pingComponent)
  .config(registerStates(pingState)).name;
