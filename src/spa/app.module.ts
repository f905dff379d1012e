import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { appRouting } from './app.states';
import authSession from './auth';
import callbackModule from './callback/callback.module';
import configModule from './config/config.module';
import homeModule from './home/home.module';
import navbarModule from './navbar/navbar.module';
import pingModule from './ping/ping.module';
import profileModule from './profile/profile.module';
import routingModule from './routing/routing.module';

/** The root module: only the list of features, plus app-wide routing. main.ts configures the session module. */
export default angular
  .module('app', [
    uiRouter,
    configModule,
    authSession,
    routingModule,
    navbarModule,
    homeModule,
    pingModule,
    profileModule,
    callbackModule,
  ])
  .config(appRouting).name;
