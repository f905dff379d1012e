/**
 * Runs `task` while no other tab of this origin runs a task under the same `name` (the Web Locks API), so two tabs
 * sharing one refresh token never present it at once: with rotation, the second use of a token would count as
 * theft and end the whole session. Browsers without Web Locks (or an insecure origin) run the task unguarded.
 */
export function withCrossTabLock<T>(navigator: Navigator, name: string, task: () => PromiseLike<T>): Promise<T> {
  if (!navigator.locks) return Promise.resolve(task());
  return navigator.locks.request(name, () => task()) as Promise<T>;
}
