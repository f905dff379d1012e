/**
 * A script run in every page before its own (playwright's init script, which the page's CSP does not apply to):
 * it reports moments to the benchmark through the `benchMark(name, epochMs)` binding, as wall-clock times taken in
 * the browser (performance.timeOrigin + a high-resolution time), so times from different pages compare.
 *
 * - `texts`: when a text first appears in the page, the start of the next animation frame (the frame that paints it)
 *   is reported under its name.
 * - `clicks`: a click on a button with that text is reported under its name, when it happens.
 * - `submit`: any form submission is reported as `submit`.
 * - `domReady`: DOMContentLoaded (every deferred script has run), then the next frame, as `domReady`.
 *
 * It is a string because it runs in the browser, and this project's Node code is not typed for the DOM.
 */
import type { BrowserContext } from 'playwright-core';

export interface MarkOptions {
  texts?: Record<string, string>;
  clicks?: Record<string, string>;
  submit?: boolean;
  domReady?: boolean;
}

export function markScript(options: MarkOptions): string {
  return `(() => {
  const options = ${JSON.stringify(options)};
  const now = (time) => performance.timeOrigin + (time === undefined ? performance.now() : time);
  const mark = (name, time) => window.benchMark(name, now(time));
  const onNextFrame = (name) => requestAnimationFrame((frameTime) => mark(name, frameTime));
  const pending = new Map(Object.entries(options.texts || {}));
  const look = () => {
    const text = document.body ? document.body.textContent : '';
    for (const [name, wanted] of pending) {
      if (text.includes(wanted)) {
        pending.delete(name);
        onNextFrame(name);
      }
    }
  };
  if (pending.size > 0) {
    new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
  }
  const clicks = Object.entries(options.clicks || {});
  if (clicks.length > 0) {
    document.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      for (const [name, label] of clicks) if (button && button.textContent.trim() === label) mark(name);
    }, true);
  }
  if (options.submit) document.addEventListener('submit', () => mark('submit'), true);
  if (options.domReady) document.addEventListener('DOMContentLoaded', () => onNextFrame('domReady'));
})();`;
}

export interface MarkRecorder {
  /** The time (epoch ms, from the browser) of the first `name` reported since the last `clear()`. */
  waitFor(name: string, timeoutMs: number): Promise<number>;
  clear(): void;
}

/** Receives the marks of every page in `context`. */
export async function recordMarks(context: BrowserContext, options: MarkOptions): Promise<MarkRecorder> {
  const seen = new Map<string, number>();
  const waiting = new Map<string, (time: number) => void>();
  await context.exposeBinding('benchMark', (_source, name: string, time: number) => {
    if (seen.has(name)) return;
    seen.set(name, time);
    waiting.get(name)?.(time);
  });
  await context.addInitScript(markScript(options));
  return {
    clear: () => seen.clear(),
    waitFor: (name, timeoutMs) =>
      new Promise<number>((resolve, reject) => {
        const known = seen.get(name);
        if (known !== undefined) return resolve(known);
        const timer = setTimeout(() => {
          waiting.delete(name);
          reject(new Error(`no "${name}" in the page within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        waiting.set(name, (time) => {
          clearTimeout(timer);
          waiting.delete(name);
          resolve(time);
        });
      }),
  };
}
