// Screenshots of the page at a laptop and a phone size, in light and dark themes, saved to
// test-results/screenshots/ (tests/browser/screenshots/ with UPDATE_SCREENSHOTS=1; see shots.ts) for
// people to look at: they are not compared pixel by pixel.
import { expect, test } from '@playwright/test';
import { shoot } from './shots';

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

for (const size of SIZES) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`screenshot ${size.name} ${colorScheme}`, async ({ browser }) => {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        colorScheme,
        reducedMotion: 'reduce',
      });
      const page = await context.newPage();
      await page.goto('/#p=07-spawn-without-join&s=41');
      await expect(page.getByTestId('app')).toHaveAttribute('data-step', '41');
      await expect(page.getByTestId('queue-token')).toHaveCount(2);
      await shoot(page, `${size.name}-${colorScheme}.png`);
      await shoot(page, `${size.name}-${colorScheme}-full.png`, { fullPage: true });
      await context.close();
    });
  }
}

test('screenshot of a hang with a lost waker', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto('/#p=17-lost-wakeup-hang&s=55');
  await expect(page.getByTestId('lost-waker')).toBeVisible();
  await shoot(page, 'hang-dark-full.png', { fullPage: true });
  await context.close();
});
