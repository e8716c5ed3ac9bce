// Screenshots of AsyncViz embedded in a chapter of the sample mdBook (opened from disk) and in a
// plain HTML course page (another origin), in light and dark themes, saved to
// embed-{book,page}-{light,dark}.png (in the folder shots.ts names) for people to look at (they are
// not compared pixel by pixel; the README shows two of them).
//
// `./x test` builds what these open: the book in tests/book/book/ with the single-file page as
// its app, and dist/ (served on 4173, or ASYNCVIZ_TEST_PORT, by playwright.config.ts) for the course page's iframe.
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pointAtApp } from './origin';
import { shoot } from './shots';

const ROOT = resolve(__dirname, '..', '..');

async function loaded(frame: FrameLocator) {
  await expect(frame.getByTestId('app')).toHaveAttribute('data-len', /^[1-9]\d*$/, { timeout: 20_000 });
  // The panels other than the timeline mount right after the first frame.
  await expect(frame.getByTestId('app')).toHaveAttribute('data-panels', 'all');
}

/** Steps a widget to the same moment: the first poll of main has parked on its sleep. */
async function stepIn(frame: FrameLocator) {
  await frame.getByTestId('btn-forward').click();
  await frame.getByTestId('btn-next-poll').click();
  await frame.getByTestId('btn-next-poll').click();
}

test.describe('embedded in the sample mdBook', () => {
  const chapter = () => {
    const file = resolve(ROOT, 'tests/book/book/await-vs-join.html');
    if (!existsSync(file)) throw new Error('tests/book/book is missing: run ./x test, which builds it');
    return pathToFileURL(file).href;
  };

  for (const theme of ['light', 'dark'] as const) {
    test(`screenshot of the book, ${theme}`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme: theme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(chapter());
      if (theme === 'dark') {
        await page.locator('#mdbook-theme-toggle').click();
        await page.locator('#mdbook-theme-coal').click();
        await page.keyboard.press('Escape');
        await expect(page.locator('#mdbook-theme-list')).toBeHidden();
      }
      const frame = page.frameLocator('.asyncviz-embed iframe >> nth=0');
      await loaded(frame);
      await expect(frame.getByTestId('app')).toHaveAttribute('data-theme-name', theme);
      await stepIn(frame);
      await shoot(page, `embed-book-${theme}.png`);
      await context.close();
    });
  }
});

test.describe('embedded in a plain HTML page', () => {
  let server: ChildProcess;
  let HOST = '';
  test.beforeAll(async () => {
    server = spawn(process.execPath, [resolve(ROOT, 'tests/browser/serve.mjs'), resolve(ROOT, 'tests/browser/fixtures'), '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    HOST = await new Promise<string>((ok, fail) => {
      server.stdout?.on('data', (d) => {
        const url = / at (http:\/\/\S+)/.exec(String(d))?.[1];
        if (url) ok(url);
      });
      server.on('exit', (code) => fail(new Error(`serve.mjs exited with ${code}`)));
    });
  });
  test.afterAll(() => {
    server?.kill();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`screenshot of the course page, ${theme}`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: 860, height: 760 }, colorScheme: theme, reducedMotion: 'reduce' });
      const page: Page = await context.newPage();
      await page.goto(`${HOST}embed.html`);
      await pointAtApp(page);
      if (theme === 'dark') {
        // The course page itself has no dark style; a dark one shows the widget at home in it.
        await page.addStyleTag({ content: 'body { background: #15181d; color: #dde1e7 } .meta { color: #9aa3ae } code { background: #252a31 } input { background: #252a31; color: inherit; border: 1px solid #444 }' });
      }
      const frame = page.frameLocator('#widget');
      await loaded(frame);
      await expect(frame.getByTestId('app')).toHaveAttribute('data-theme-name', theme);
      await stepIn(frame);
      await shoot(page, `embed-page-${theme}.png`, { fullPage: true });
      await context.close();
    });
  }
});
