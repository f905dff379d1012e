import angular from 'angular';
import uiRouter from '@uirouter/angularjs';
import { AUTH_MODULE } from '../auth/auth.module';
import { focusMainRun } from './focus-main.run';
import { leaveGuardedStateRun } from './leave-guarded-state.run';
import { requiresAuthHook } from './requires-auth.hook';

/**
 * Route protection: `data: { requiresAuth: true }` on a state is enforced by one transition hook, and such a page is
 * left when the session ends. Features with guarded states depend on this module, so their specs get the guard too.
 * Also where focus moves to the new page after each page change.
 */
export default angular
  .module('app.routing', [uiRouter, AUTH_MODULE])
  .run(requiresAuthHook)
  .run(leaveGuardedStateRun)
  .run(focusMainRun).name;
