import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authModule from '../auth/auth.module';
import configModule from '../config/config.module';
import { registerStates } from '../routing/register-states';
import routingModule from '../routing/routing.module';
import { pingSecuredComponent } from './ping-secured.component';
import { pingComponent } from './ping.component';
import { pingSecuredState, pingState } from './ping.states';

export default angular
  .module('app.ping', [uiRouter, authModule, configModule, routingModule])
  .component('ping', pingComponent)
  .component('pingSecured', pingSecuredComponent)
  .config(registerStates(pingState, pingSecuredState)).name;
