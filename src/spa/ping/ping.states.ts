import type { Ng1StateDeclaration } from '@uirouter/angularjs';

/**
 * `/ping`: open to everyone. The secured call is not hidden from a logged-out user: the API's refusal is part of
 * what the page demonstrates.
 */
export const pingState: Ng1StateDeclaration = { name: 'ping', url: '/ping', component: 'ping' };
