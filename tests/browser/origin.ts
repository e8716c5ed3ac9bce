import type { Page } from '@playwright/test';

// The origin the app is served on during the browser tests: 127.0.0.1, port 4173 unless
// ASYNCVIZ_TEST_PORT says otherwise (two checkouts testing at once each need their own port, or
// Playwright reuses the other's server and tests its build).
export const APP_PORT = Number(process.env.ASYNCVIZ_TEST_PORT ?? 4173);

/** `http://127.0.0.1:<port>`, without a trailing slash. */
export const APP = `http://127.0.0.1:${APP_PORT}`;

/**
 * Points the course page fixture's iframe (tests/browser/fixtures/embed.html, open in `page`) at
 * [`APP`]. The fixture's snippet names port 4173, as a snippet copied from the Embed dialog names
 * one fixed origin; on another port the frame is sent to the same view there.
 */
export async function pointAtApp(page: Page): Promise<void> {
  await page.locator('#widget').evaluate((frame: HTMLIFrameElement, app) => {
    const fixed = 'http://127.0.0.1:4173';
    if (app !== fixed && frame.src.startsWith(`${fixed}/`)) frame.src = app + frame.src.slice(fixed.length);
  }, APP);
}
