/**
 * When to renew the access token. The margin before expiry is a quarter of the time left, capped at five minutes:
 * a real 7200 s token is renewed five minutes before it expires, a 20 s test token after 15 s. Renewing that early
 * leaves room for a slow authorization server and for timers that browsers delay in background tabs.
 */
export const RENEWAL = {
  maxMarginMs: 5 * 60_000,
  marginFraction: 0.25,
  /**
   * Renewals never follow each other closer than this, so a server handing out tokens that are (nearly) expired on
   * arrival cannot drive the app into a renewal loop; such a session simply expires and is renewed on use.
   */
  minIntervalMs: 10_000,
  /** How long one renewal may take before it counts as failed. */
  timeoutMs: 10_000,
  /**
   * The longest delay a browser timer holds (2^31-1 ms, about 24.8 days): a longer one fires at once. A renewal
   * further away is planned in steps of this length.
   */
  maxTimerMs: 2 ** 31 - 1,
} as const;

/**
 * Milliseconds from `now` until the renewal of a token that expires at `expiresAt`; 0 means now.
 * `sinceLastRenewalMs` is the time since this tab last renewed, read from a monotonic clock so that moving the
 * system clock cannot bring renewals closer together than the minimum interval; null when it never did.
 */
export function renewalDelayMs(expiresAt: number, now: number, sinceLastRenewalMs: number | null = null): number {
  const remaining = expiresAt - now;
  const margin = Math.min(RENEWAL.maxMarginMs, Math.max(0, remaining) * RENEWAL.marginFraction);
  const untilIntervalEnds = sinceLastRenewalMs === null ? 0 : RENEWAL.minIntervalMs - sinceLastRenewalMs;
  const delay = Math.max(0, remaining - margin, untilIntervalEnds);
  // NaN (an expiry that is no number) is treated as "now"; the caller has refused such a session already.
  return Number.isFinite(delay) ? delay : 0;
}

/** What a timer can be asked to wait: the delay itself, or the longest a browser timer holds. */
export function timerDelayMs(delayMs: number): number {
  return Math.min(delayMs, RENEWAL.maxTimerMs);
}
