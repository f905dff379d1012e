import type { IPromise, IQService, ITimeoutService, IWindowService } from 'angular';

/** The Web Lock every tab takes to write the session. */
const SESSION_LOCK = 'authSession';
/** How long a tab keeps that lock after writing, for what it stored to reach the other tabs (see the README). */
const LOCK_HAND_OVER_MS = 500;

/** Runs `task` while no other tab writes the session; `task` resolves true when it wrote. */
export type SessionLock = (task: () => IPromise<boolean>) => IPromise<void>;

/** The session's lock: after a write it is held LOCK_HAND_OVER_MS more, for the write to reach the next tab first. */
export function sessionLock($window: IWindowService, $q: IQService, $timeout: ITimeoutService): SessionLock {
  return (task) => {
    let wrote = false;
    const run = () => {
      const ran = task().then((written) => void (wrote = written));
      // Marked handled at once: the lock awaits it natively, a microtask after $q checks for unhandled rejections.
      ran.catch(() => undefined);
      return ran;
    };
    const handOver = () => (wrote ? $timeout(LOCK_HAND_OVER_MS, false) : $q.resolve());
    return $q.when(withCrossTabLock($window.navigator, SESSION_LOCK, run, handOver));
  };
}

/**
 * Runs `task` while no other tab runs one under `name` (Web Locks), so two tabs never present one refresh token at
 * once: with rotation, its second use counts as theft and ends the session. Without Web Locks it runs unguarded.
 * After a success the lock is kept until `handOver()` resolves: storage changes reach other tabs asynchronously
 * (Chromium: 14 of 60 hand-overs without a pause read the old value, none after 50 ms).
 */
export function withCrossTabLock<T>(
  navigator: Navigator,
  name: string,
  task: () => PromiseLike<T>,
  handOver: () => PromiseLike<unknown> = () => Promise.resolve()
): Promise<T> {
  if (!navigator.locks) return Promise.resolve(task());
  const locks = navigator.locks;
  return new Promise<T>((resolve, reject) => {
    locks
      .request(name, async () => {
        let result: T;
        try {
          result = await task();
        } catch (error) {
          reject(error);
          return;
        }
        resolve(result);
        await handOver();
      })
      .catch(reject);
  });
}
