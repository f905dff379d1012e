import type { auto } from 'angular';
import type { AppConfig } from '../config/app-config';
import { CodeFlow } from './code-flow';
import { ImplicitFlow } from './implicit-flow';
import type { LoginFlow } from './login-flow';

/** The one place the two flows part: AUTH0_FLOW, built into `appConfig.flow`, picks which one authService uses. */
export function loginFlowFactory($injector: auto.IInjectorService, appConfig: AppConfig): LoginFlow {
  return $injector.instantiate<LoginFlow>(appConfig.flow === 'implicit' ? ImplicitFlow : CodeFlow);
}
loginFlowFactory.$inject = ['$injector', 'appConfig'];
