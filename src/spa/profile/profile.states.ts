import type { Ng1StateDeclaration } from '@uirouter/angularjs';
import type { RouteData } from '../routing/requires-auth.hook';

/** `/profile`: needs a session; a logged-out visitor is sent to log in and comes back here. */
export const profileState: Ng1StateDeclaration = {
  name: 'profile',
  url: '/profile',
  component: 'profile',
  data: { requiresAuth: true } satisfies RouteData,
};
