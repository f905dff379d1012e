import { withCrossTabLock } from './cross-tab-lock';

/** With the browser's own Web Locks (Chromium and Firefox offer them on http://localhost). */
describe('withCrossTabLock()', () => {
  const name = () => `spec-lock-${Math.random()}`;

  it('runs tasks under one name one after another, in the order asked', async () => {
    const lock = name();
    const events: string[] = [];
    let releaseFirst!: () => void;

    const first = withCrossTabLock(navigator, lock, async () => {
      events.push('first starts');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      events.push('first ends');
      return 1;
    });
    const second = withCrossTabLock(navigator, lock, async () => {
      events.push('second starts');
      return 2;
    });
    // However busy the machine, the first task starts; the second must still be waiting a moment later.
    for (let waited = 0; events.length === 0 && waited < 2_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['first starts']);

    releaseFirst();

    await expectAsync(Promise.all([first, second])).toBeResolvedTo([1, 2]);
    expect(events).toEqual(['first starts', 'first ends', 'second starts']);
  });

  it('hands the result over at once, but keeps the lock until handOver() ends, so the next tab reads what was stored', async () => {
    const lock = name();
    let endHandOver!: () => void;
    const handOver = new Promise<void>((resolve) => (endHandOver = resolve));
    const secondStarts = jasmine.createSpy('second starts');

    const first = withCrossTabLock(
      navigator,
      lock,
      () => Promise.resolve(1),
      () => handOver
    );
    const second = withCrossTabLock(navigator, lock, () => Promise.resolve(secondStarts()));
    await expectAsync(first).toBeResolvedTo(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondStarts).not.toHaveBeenCalled();

    endHandOver();
    await second;
    expect(secondStarts).toHaveBeenCalledTimes(1);
  });

  it("passes on the task's failure and lets the next task run", async () => {
    const lock = name();

    await expectAsync(
      withCrossTabLock(navigator, lock, () => Promise.reject(new Error('refused')))
    ).toBeRejectedWithError('refused');
    await expectAsync(withCrossTabLock(navigator, lock, () => Promise.resolve('next'))).toBeResolvedTo('next');
  });

  it('runs the task unguarded where the browser has no Web Locks', async () => {
    const task = jasmine.createSpy('task').and.resolveTo('done');

    await expectAsync(withCrossTabLock({} as Navigator, name(), task)).toBeResolvedTo('done');
    expect(task).toHaveBeenCalledTimes(1);
  });
});
