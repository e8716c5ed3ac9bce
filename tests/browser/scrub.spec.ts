// Scrubbing large runs: while the slider is dragged the panels hold their size and the ones off
// screen wait, and long lists show their first items with a note saying how many more there are.
import { expect, test, type Page } from '@playwright/test';

const app = (page: Page) => page.getByTestId('app');

// Moves the slider the way a drag does: `input` events, and `change` only when `release` is set.
async function drag(page: Page, to: number, release = false) {
  await page.getByTestId('scrubber').evaluate(
    (slider: HTMLInputElement, [to, release]) => {
      slider.value = String(to);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      if (release) slider.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [to, release] as const,
  );
}

// Moves the slider through `stops`, a frame each, waits two frames (the panels on screen that
// took turns catch up), then reads the page, all in one go: the panels off screen wait only
// while the slider moves, and half a second at rest lets them follow, which a loaded machine can
// reach between separate steps of a test. A go that took that long (a stalled machine) proves
// nothing: the slider is let go at the start and the go is tried again, up to three more times.
async function moveAndRead(page: Page, stops: number[]) {
  const go = () =>
    page.evaluate(async (stops) => {
      const slider = document.querySelector<HTMLInputElement>('[data-testid=scrubber]')!;
      const start = performance.now();
      for (const to of stops) {
        slider.value = String(to);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      }
      for (let f = 0; f < 2; f++) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return {
        ms: performance.now() - start,
        step: document.querySelector('[data-testid=app]')!.getAttribute('data-step'),
        narration: document.querySelector('[data-testid=narration]')!.textContent ?? '',
        lines: document.querySelector('[data-testid=output]')!.getAttribute('data-lines'),
        contain: getComputedStyle(document.querySelector('.area-output')!).contain,
      };
    }, stops);
  let read = await go();
  for (let retry = 0; retry < 3 && read.ms >= 400; retry++) {
    await drag(page, 0, true);
    await expect(page.getByTestId('output')).toHaveAttribute('data-lines', '0');
    read = await go();
  }
  expect(read.ms, 'the machine stalled in every try').toBeLessThan(400);
  return read;
}

test('a drag holds the panels; off-screen ones follow when it ends', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#p=05-sequential-await-vs-join');
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  const output = page.getByTestId('output');
  await expect(output).toHaveAttribute('data-lines', '0');

  const during = await moveAndRead(page, [40, 79]);
  expect(during.step).toBe('79');
  // On screen: the narration and the code follow the hand.
  expect(during.narration).toContain('main has finished');
  // Below the fold: the output card waits, held at its size and laid out on its own.
  expect(during.lines).toBe('0');
  expect(during.contain).toBe('strict');

  await drag(page, 79, true);
  await expect(output).toHaveAttribute('data-lines', '9');
  await expect(page.locator('.area-output')).not.toHaveCSS('contain', 'strict');
});

test('during a drag the code and the narration follow in the frames between moves', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#p=05-sequential-await-vs-join');
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  const stops = [12, 30, 47, 61, 25, 70, 40, 55];
  const seen = await page.evaluate(async (stops) => {
    const slider = document.querySelector<HTMLInputElement>('[data-testid=scrubber]')!;
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const read = () => ({
      at: performance.now(),
      step: document.querySelector('[data-testid=app]')!.getAttribute('data-step'),
      badge: document.querySelector('.narration-step')!.textContent,
      code: document.querySelector('[data-testid=code] code')!.innerHTML,
    });
    const before = read();
    const moving = [];
    for (const to of stops) {
      slider.value = String(to);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      moving.push(read());
    }
    // Frames without a move: the hand holds the slider still.
    await frame();
    await frame();
    const resting = read();
    slider.dispatchEvent(new Event('change', { bubbles: true }));
    await frame();
    return { before, moving, resting, released: read() };
  }, stops);
  // While the hand moves every frame, the playback bar follows it and the code and the narration
  // keep what they showed (a frame half a second late, a stalled machine, ends the drag).
  seen.moving.forEach((now, f) => expect(now.step).toBe(String(stops[f])));
  const stall = seen.moving.findIndex((now, f) => f > 0 && now.at - seen.moving[f - 1].at >= 400);
  const inTime = stall < 0 ? seen.moving : seen.moving.slice(0, stall);
  expect(inTime.length, 'the machine stalled early in the drag').toBeGreaterThanOrEqual(4);
  for (const now of inTime) {
    expect(now.badge).toBe('#0');
    expect(now.code).toBe(seen.before.code);
  }
  // A frame without a move brings both to the hand's step, before the drag has ended.
  expect(seen.resting.badge).toBe('#55');
  expect(seen.resting.code).not.toBe(seen.before.code);
  expect(seen.resting.code).toBe(seen.released.code);
});

test('on a tall screen the panels on screen wait while the hand moves and catch up in turns when it rests', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/?bench=1000');
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  const areas = ['.area-queue', '.area-inspector', '.area-wakers', '.area-output'];
  // All four panel areas below the timeline are on screen at this size.
  for (const area of areas) {
    const box = (await page.locator(area).boundingBox())!;
    expect(box.y + 48).toBeLessThan(1080);
  }
  // One go, as in the first test: moves every frame, then frames at rest (well under the half
  // second after which a drag without a change event ends), then the release.
  const seen = await page.evaluate(async (areas) => {
    const slider = document.querySelector<HTMLInputElement>('[data-testid=scrubber]')!;
    const len = Number(slider.max);
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const panels = () => areas.map((a) => document.querySelector<HTMLElement>(a)!.innerText);
    const moving: string[][] = [];
    // When each frame was read: a frame that came half a second after the move before it (a
    // stalled machine) ends the drag by itself, and then every panel follows at once.
    const at: number[] = [];
    for (let i = 1; i <= 12; i++) {
      slider.value = String(Math.round(((i * 7) % 12) / 12 * len));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      moving.push(panels());
      at.push(performance.now());
    }
    const resting: string[][] = [];
    for (let f = 0; f < 8; f++) {
      await frame();
      resting.push(panels());
    }
    slider.dispatchEvent(new Event('change', { bubbles: true }));
    await frame();
    await frame();
    return { moving, at, resting, released: panels() };
  }, areas);
  // While the hand moves every frame, no frame brings a panel up to date. Frames that came too
  // late for the drag to still be on are left out, and most must be in time.
  let checked = 0;
  for (let f = 1; f < seen.moving.length; f++) {
    const gap = seen.at[f] - seen.at[f - 1];
    if (gap >= 400) continue;
    checked += 1;
    const changed = areas.filter((_, i) => seen.moving[f][i] !== seen.moving[f - 1][i]);
    expect(changed.length, `frame ${f} (${gap.toFixed(0)} ms after the last) changed ${changed.join(', ')}`).toBe(0);
  }
  expect(checked, `frame gaps: ${seen.at.map((t, f) => (f ? t - seen.at[f - 1] : 0).toFixed(0)).join(' ')}`).toBeGreaterThanOrEqual(6);
  // Once it rests, every panel shows the step within a few frames, before the drag has ended.
  expect(seen.resting[5]).toEqual(seen.released);
});

test('on a tall screen a dragged wakers card draws only the rows that can be in view', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/?bench=1000');
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  const wakers = page.getByTestId('wakers');
  const top = (await page.locator('.area-wakers').boundingBox())!.y;
  // Its top is on screen, most of it below the fold; a row is at least 56 px tall.
  expect(top).toBeLessThan(1080 - 48);
  const fit = Math.ceil((1080 - top) / 56);
  const len = Number(await app(page).getAttribute('data-len'));
  // Moves over a few frames in one go, as a hand does, ending mid-run with many wakers alive,
  // then holds the slider still, with the drag still on, until the wakers card shows the step
  // (the panels on screen catch up one per frame; its count of live wakers changes from the
  // start's). A slider at rest for half a second counts as let go (`REST_MS` in
  // use_scrub_freeze.rs; its timer never fires early), and then the card may draw every row: a
  // go whose read came that late (a loaded machine: frames here take up to 70 ms) proves
  // nothing and is tried again.
  const go = () =>
    page.evaluate(async (len) => {
      const slider = document.querySelector<HTMLInputElement>('[data-testid=scrubber]')!;
      const card = document.querySelector('[data-testid=wakers]')!;
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const before = card.getAttribute('data-count');
      let moved = 0;
      for (const to of [len / 4, len / 3, len / 2].map(Math.round)) {
        moved = performance.now(); // no later than the page's own note of the move
        slider.value = String(to);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
      }
      for (let f = 0; f < 12 && card.getAttribute('data-count') === before; f++) await frame();
      return {
        sinceMove: performance.now() - moved,
        rows: card.querySelectorAll('[data-testid=waker]').length,
        alive: Number(card.getAttribute('data-count')),
      };
    }, len);
  let during = await go();
  for (let retry = 0; retry < 3 && during.sinceMove >= 490; retry++) {
    await drag(page, 0, true);
    during = await go();
  }
  expect(during.sinceMove, 'the machine stalled in every try').toBeLessThan(490);
  const alive = during.alive;
  expect(alive).toBeGreaterThan(fit);
  expect(during.rows).toBeLessThanOrEqual(fit);
  await drag(page, Math.round(len / 2), true);
  await expect(wakers.getByTestId('waker')).toHaveCount(Math.min(alive, 8));
});

test('a drag that ends without a change event still lets the panels follow', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#p=05-sequential-await-vs-join');
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  const output = page.getByTestId('output');
  // The output waits while the drag is on.
  const during = await moveAndRead(page, [79]);
  expect(during.lines).toBe('0');
  // The slider rests: half a second later everything shows step 79.
  await expect(output).toHaveAttribute('data-lines', '9');
});

test('long lists show their first items and say how many more there are', async ({ page }) => {
  await page.goto('/?bench=10000');
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  const len = Number(await app(page).getAttribute('data-len'));
  await drag(page, Math.round(len / 2), true);

  const wakers = page.getByTestId('wakers');
  const alive = Number(await wakers.getAttribute('data-count'));
  expect(alive).toBeGreaterThan(8);
  await expect(wakers.getByTestId('waker')).toHaveCount(8);
  const note = wakers.getByTestId('more-note');
  await expect(note).toContainText(`… and ${alive - 8} more wakers, quiet for longer.`);
  await note.getByRole('button', { name: `Show all ${alive}` }).click();
  await expect(wakers.getByTestId('waker')).toHaveCount(alive);
  await note.getByRole('button', { name: 'Show fewer' }).click();
  await expect(wakers.getByTestId('waker')).toHaveCount(8);

  const timers = page.getByTestId('timers');
  const queue = page.locator('.queue-card');
  await expect(timers.locator('.timer-chip')).toHaveCount(5);
  const more = queue.getByTestId('more-note');
  const text = await more.textContent();
  const hidden = Number(/… and (\d+) more timers, firing later\./.exec(text ?? '')?.[1]);
  expect(hidden).toBeGreaterThan(0);
  await more.getByRole('button', { name: `Show all ${hidden + 5}` }).click();
  await expect(timers.locator('.timer-chip')).toHaveCount(hidden + 5);
});

test('a long output shows its last 120 lines and counts the earlier ones', async ({ page }) => {
  await page.goto('/?bench=100000');
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  await page.getByTestId('narration').click();
  await page.keyboard.press('End');
  const output = page.getByTestId('output');
  const lines = Number(await output.getAttribute('data-lines'));
  expect(lines).toBeGreaterThan(120);
  const text = (await output.textContent()) ?? '';
  expect(text.startsWith(`… ${lines - 120} earlier lines\n`)).toBe(true);
  // The note's line plus the 120 shown, each ending in a newline.
  expect(text.split('\n').length - 1).toBe(121);
  // The box opens on the newest line, like a terminal.
  const newest = await output.evaluate((box) => {
    const range = document.createRange();
    range.selectNodeContents(box);
    const lines = range.getClientRects();
    const last = lines[lines.length - 1];
    const frame = box.getBoundingClientRect();
    return { lastBottom: last.bottom, boxBottom: frame.bottom, boxTop: frame.top, scrolls: box.scrollHeight > box.clientHeight };
  });
  expect(newest.scrolls).toBe(true);
  expect(newest.lastBottom).toBeLessThanOrEqual(newest.boxBottom);
  expect(newest.lastBottom).toBeGreaterThan(newest.boxTop);
});
