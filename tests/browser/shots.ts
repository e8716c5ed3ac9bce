// Where the browser tests save their screenshots, and how they take a full-page one.
//
// A normal run writes them to test-results/screenshots/ (ignored by git and emptied by each run),
// so running the tests never leaves the working tree dirty. `UPDATE_SCREENSHOTS=1 ./x test`
// writes them to tests/browser/screenshots/ instead: the copies the README shows, refreshed on
// purpose and committed after someone has looked at them.
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The folder this run saves screenshots to. */
export const SHOTS = resolve(ROOT, process.env.UPDATE_SCREENSHOTS ? 'tests/browser/screenshots' : 'test-results/screenshots');

/** Saves a screenshot of `page` as `name` (e.g. `phone-dark.png`) in [`SHOTS`]. */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (options.fullPage) {
    // Cards below the first screen skip rendering (`content-visibility: auto`) until a reader
    // scrolls to them, and a full-page capture does not scroll, so they would come out blank.
    // Render them all first, as they look once scrolled to. (Set through the CSSOM, which the
    // page's CSP allows, unlike an injected style sheet.)
    await page.evaluate(async () => {
      for (const card of document.querySelectorAll<HTMLElement>('.card')) card.style.contentVisibility = 'visible';
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
  }
  await page.screenshot({ path: resolve(SHOTS, name), fullPage: options.fullPage ?? false });
}
