// The page's side of embedding, on the built site in dist/: the Embed dialog's Copy button, the
// "Open ↗" link of embed mode, the "Links and embedding" docs, which theme wins (link, reader's
// toggle, remembered pick), and hash changes that move only what changed.
import { expect, test, type Page } from '@playwright/test';

const app = (page: Page) => page.getByTestId('app');

async function open(page: Page, hash: string) {
  await page.goto(`/${hash}`);
  await expect(app(page)).toHaveAttribute('data-len', /^[1-9]\d*$/, { timeout: 20_000 });
  // The panels other than the timeline mount right after the first frame.
  await expect(app(page)).toHaveAttribute('data-panels', 'all');
}

test('the Embed dialog copies its snippet, and embed mode links to the full view', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, '#p=07-spawn-without-join&s=12&embed=1&panels=code,timeline');
  await expect(app(page)).toHaveAttribute('data-embed', 'true');
  await expect(page.getByTestId('open-full')).toHaveAttribute('href', /#p=07-spawn-without-join&s=12&panels=code,timeline$/);
  // Embed mode leaves the lesson and the footer to the host page.
  await expect(page.locator('.area-lesson')).toHaveCount(0);
  await expect(page.getByTestId('docs-button')).toHaveCount(0);

  await page.getByTestId('embed-button').click();
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  expect(snippet).toContain('#p=07-spawn-without-join&amp;s=12&amp;embed=1&amp;panels=code,timeline"');
  await page.getByTestId('embed-copy').click();
  await expect(page.getByTestId('embed-dialog')).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('embed-dialog')).toHaveCount(0);
});

test('the links and embedding docs show the contract as text', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join');
  await page.getByTestId('docs-button').click();
  const text = page.getByTestId('docs-text');
  await expect(text).toContainText('# The AsyncViz link contract');
  await expect(text).toContainText('<iframe src="https://example.org/asyncviz/');
  // Markdown and the HTML in it stay text: no element was made from them.
  expect(await text.locator('*').count()).toBe(0);
});

test("the link's theme beats a remembered pick; the reader's toggle beats the link until it changes", async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join');
  await page.evaluate(() => localStorage.setItem('asyncviz.theme', 'light'));
  await open(page, '#p=05-sequential-await-vs-join&s=4&theme=dark');
  await expect(app(page)).toHaveAttribute('data-theme-name', 'dark');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

  await page.getByTestId('theme-toggle').click();
  await expect(app(page)).toHaveAttribute('data-theme-name', 'light');
  await page.getByTestId('btn-forward').click();
  await expect(app(page)).toHaveAttribute('data-step', '5');
  // A host page switching the link's theme wins again, and the reader keeps their step.
  await page.evaluate(() => (location.hash = 'p=05-sequential-await-vs-join&s=4&theme=light'));
  await page.evaluate(() => (location.hash = 'p=05-sequential-await-vs-join&s=4&theme=dark'));
  await expect(app(page)).toHaveAttribute('data-theme-name', 'dark');
  await expect(app(page)).toHaveAttribute('data-step', '5');
});

test('a hash naming another program than the one shown opens it, even after the picker', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join&s=3');
  await page.getByTestId('program-button').click();
  await page.locator('.program-card').nth(6).click();
  await expect(app(page)).toHaveAttribute('data-program', '07-spawn-without-join');
  await page.evaluate(() => (location.hash = 'p=05-sequential-await-vs-join&s=6'));
  await expect(app(page)).toHaveAttribute('data-program', '05-sequential-await-vs-join');
  await expect(app(page)).toHaveAttribute('data-step', '6');
  // The page writes the canonical link back, with only what differs from the defaults.
  await page.evaluate(() => (location.hash = 'p=05-sequential-await-vs-join&s=6&speed=2x&theme=auto&play=0&v=1'));
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#p=05-sequential-await-vs-join&s=6&speed=2');
});
