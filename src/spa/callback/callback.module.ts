import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authSession from '../auth';
import { registerStates } from '../routing/register-states';
import { callbackComponent } from './callback.component';
import { callbackState } from './callback.states';

export default angular
  .module('app.callback', [uiRouter, authSession])
  .component('callback', callbackComponent)
  .config(registerStates(callbackState)).name;
