import type { IComponentOptions } from 'angular';
import type { AuthSession } from '../auth';
import template from './profile.html';

/**
 * `/profile`: who the authorization server says you are, from /userinfo, one row per claim in the order the server
 * sent them (the template shows a value that is not a string as JSON). Shown only with a session (the state is
 * guarded); while loading, and on failure, it says so in the page, with a way to try again.
 */
export class ProfileController {
  static $inject = ['authSession'];

  loading = false;
  failure = '';
  claims: Record<string, unknown> | null = null;

  constructor(private readonly session: AuthSession) {}

  $onInit(): void {
    this.load();
  }

  load(): void {
    this.loading = true;
    this.failure = '';
    this.claims = null;
    this.session
      .userInfo()
      .then(
        (claims) => {
          this.claims = claims;
        },
        // userInfo() rejects with an Error meant for the user.
        (error: Error) => {
          this.failure = error.message;
        }
      )
      .finally(() => {
        this.loading = false;
      });
  }
}

export const profileComponent: IComponentOptions = { controller: ProfileController, template };
