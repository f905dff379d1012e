import type { Ng1StateDeclaration, StateProvider } from '@uirouter/angularjs';

/**
 * A config block that registers a feature's states, so each feature module declares the views it owns and a spec can
 * load that feature alone.
 */
export function registerStates(...states: Ng1StateDeclaration[]): ((...args: never[]) => void) & { $inject: string[] } {
  const register = ($stateProvider: StateProvider) => {
    for (const state of states) $stateProvider.state(state);
  };
  return Object.assign(register, { $inject: ['$stateProvider'] });
}
