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
  /** How long checkSession may take before it counts as failed. */
  timeoutMs: 10_000,
} as const;

/** Milliseconds from `now` until the renewal of a token that expires at `expiresAt`; 0 means now. */
export function renewalDelayMs(expiresAt: number, now: number, lastRenewalAt: number | null = null): number {
  const remaining = expiresAt - now;
  const margin = Math.min(RENEWAL.maxMarginMs, Math.max(0, remaining) * RENEWAL.marginFraction);
  const earliest = lastRenewalAt === null ? now : lastRenewalAt + RENEWAL.minIntervalMs;
  return Math.max(0, remaining - margin, earliest - now);
}
