import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import authSession from '../auth';
import { navbarComponent } from './navbar.component';

export default angular.module('app.navbar', [uiRouter, authSession]).component('navbar', navbarComponent).name;
