import { RENEWAL, renewalDelayMs, timerDelayMs } from './renewal-timing';

describe('renewalDelayMs()', () => {
  const now = Date.UTC(2030, 0, 1);
  const seconds = (s: number) => s * 1000;

  it('renews a real 7200 s token five minutes before it expires', () => {
    expect(renewalDelayMs(now + seconds(7200), now)).toBe(seconds(7200 - 300));
  });

  it('renews a short token when a quarter of its life is left', () => {
    expect(renewalDelayMs(now + seconds(20), now)).toBe(seconds(15));
    expect(renewalDelayMs(now + seconds(30), now)).toBe(seconds(22.5));
  });

  it('renews at once a token that has expired', () => {
    expect(renewalDelayMs(now - 1, now)).toBe(0);
  });

  it('always renews before expiry while time is left', () => {
    for (const left of [1, 10, 1000, 60_000, 3_600_000, 86_400_000]) {
      const delay = renewalDelayMs(now + left, now);
      expect(delay).withContext(`${left} ms left`).toBeLessThan(left);
      expect(delay).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps renewals at least the minimum interval apart, whatever lifetime the server grants', () => {
    expect(renewalDelayMs(now + 2000, now, 1000)).toBe(RENEWAL.minIntervalMs - 1000);
    expect(renewalDelayMs(now - 5000, now, 1000)).toBe(RENEWAL.minIntervalMs - 1000);
  });
});

describe('timerDelayMs()', () => {
  it('never asks a browser timer for more than it holds (a 30-day token would otherwise renew at once)', () => {
    const thirtyDays = 30 * 86_400_000;

    expect(timerDelayMs(thirtyDays)).toBe(2 ** 31 - 1);
    expect(timerDelayMs(1000)).toBe(1000);
  });
});
