import type { IComponentOptions } from 'angular';
import template from './profile.html';
import type { UserClaims, UserInfoService } from './userinfo.service';

/** One row of the claims table. */
export interface ClaimRow {
  name: string;
  value: string;
}

/** The claims people look for first; any others follow in alphabetical order. */
const FIRST = ['name', 'nickname', 'email', 'email_verified', 'sub', 'updated_at'];

export function claimRows(claims: UserClaims): ClaimRow[] {
  const others = Object.keys(claims).filter((name) => !FIRST.includes(name));
  return [...FIRST.filter((name) => name in claims), ...others.sort()].map((name) => {
    const value = claims[name];
    return { name, value: typeof value === 'string' ? value : JSON.stringify(value) };
  });
}

/**
 * `/profile`: who the authorization server says you are, from /userinfo. Shown only with a session (the state is
 * guarded); while loading, and on failure, it says so in the page, with a way to try again.
 */
export class ProfileController {
  static $inject = ['userInfo'];

  loading = false;
  failure = '';
  displayName = '';
  rows: ClaimRow[] = [];

  constructor(private readonly userInfo: UserInfoService) {}

  $onInit(): void {
    this.load();
  }

  load(): void {
    this.loading = true;
    this.failure = '';
    this.userInfo
      .load()
      .then(
        (claims) => {
          this.rows = claimRows(claims);
          // `sub` is always a string (userInfo checks), so one is found.
          this.displayName = [claims.name, claims.nickname, claims.email, claims.sub].find(
            (value) => typeof value === 'string' && value
          ) as string;
        },
        // userInfo rejects with an Error meant for the user.
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
