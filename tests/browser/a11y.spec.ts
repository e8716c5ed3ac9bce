// Accessibility: an axe-core scan of the page in both themes, at rest and with the dialogs open.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function seriousViolations(page: Page) {
  // Scan the whole page: the panels other than the timeline mount right after the first frame.
  await expect(page.getByTestId('app')).toHaveAttribute('data-panels', 'all');
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations (${colorScheme})`, async ({ browser }) => {
    // Four full-page scans; on a busy two-core machine each takes several seconds.
    test.setTimeout(180_000);
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto('/#p=05-sequential-await-vs-join&s=66');
    await expect(page.getByTestId('app')).toHaveAttribute('data-step', '66');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('about:blank');
    await page.goto('/#p=17-lost-wakeup-hang&s=55');
    await expect(page.getByTestId('lost-waker')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('help-button').click();
    await expect(page.getByTestId('help')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('program-button').click();
    await expect(page.getByTestId('picker')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
}
