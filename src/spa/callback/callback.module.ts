import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { AUTH_MODULE } from '../auth/auth.module';
import { registerStates } from '../routing/register-states';
import { callbackComponent } from './callback.component';
import { callbackState } from './callback.states';

export default angular
  .module('app.callback', [uiRouter, AUTH_MODULE])
  .component('callback', callbackComponent)
  .config(registerStates(callbackState)).name;
