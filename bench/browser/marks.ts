/**
 * A script run in every page before its own (added with Page.addScriptToEvaluateOnNewDocument, which the page's CSP
 * does not apply to): it reports moments to the benchmark through a CDP binding, `benchMark(json)`, as wall-clock
 * times taken in the browser (performance.timeOrigin + a high-resolution time), so times from different pages compare.
 *
 * - `texts`: when a text first appears in the page, the start of the next animation frame (the frame that paints it)
 *   is reported under its name.
 * - `clicks`: a click on a button with that text is reported under its name, when it happens.
 * - `submit`: any form submission is reported as `submit`.
 * - `domReady`: DOMContentLoaded (every deferred script has run), then the next frame, as `domReady`.
 *
 * The binding is CDP's own (Runtime.addBinding) rather than puppeteer's exposeFunction: a call made just before the
 * page navigates away (the login form's submit) still arrives, because it needs no answer from Node.
 * The script is a string because it runs in the browser, and this project's Node code is not typed for the DOM.
 */
import type { Page } from 'puppeteer-core';

export interface MarkOptions {
  texts?: Record<string, string>;
  clicks?: Record<string, string>;
  submit?: boolean;
  domReady?: boolean;
}

const BINDING = 'benchMark';

export function markScript(options: MarkOptions): string {
  return `(() => {
  const options = ${JSON.stringify(options)};
  const now = (time) => performance.timeOrigin + (time === undefined ? performance.now() : time);
  const mark = (name, time) => window.${BINDING}(JSON.stringify({ name, time: now(time) }));
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

/** Receives the marks of every document `page` loads from now on. */
export async function recordMarks(page: Page, options: MarkOptions): Promise<MarkRecorder> {
  const seen = new Map<string, number>();
  const waiting = new Map<string, (time: number) => void>();
  const cdp = await page.createCDPSession();
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== BINDING) return;
    const { name, time } = JSON.parse(event.payload) as { name: string; time: number };
    if (seen.has(name)) return;
    seen.set(name, time);
    waiting.get(name)?.(time);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: BINDING });
  await page.evaluateOnNewDocument(markScript(options));
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
