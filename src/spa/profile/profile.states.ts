import type { Ng1StateDeclaration } from '@uirouter/angularjs';

/**
 * `/profile`: needs a session (`requiresAuth`: the session module's route guard sends a logged-out visitor home,
 * where the notice offers a login that comes back here).
 */
export const profileState: Ng1StateDeclaration = {
  name: 'profile',
  url: '/profile',
  component: 'profile',
  data: { requiresAuth: true },
};
