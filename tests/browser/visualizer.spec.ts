// The visualizer page in real headless Chromium against the release build in dist/.
//
// State is read from data attributes (data-step, data-poll-count, data-place, ...) and text, never
// from pixels. The expected values at known steps come from the pure model's narration and
// replay of the same programs (crates/asyncviz-timeline/tests), so a change in the executor's
// event order shows up in both places.
import { expect, test, type Page } from '@playwright/test';
import { APP } from './origin';

const app = (page: Page) => page.getByTestId('app');

// Opens a deep link as a fresh page load (not a same-document hash change) and waits for the app.
async function open(page: Page, hash = '') {
  await page.goto('about:blank');
  await page.goto('/' + hash);
  await expect(app(page)).toHaveAttribute('data-len', /\d+/);
  // The panels other than the timeline and the narration mount right after the first frame.
  await expect(app(page)).toHaveAttribute('data-panels', 'all');
}

async function stepOf(page: Page): Promise<number> {
  return Number(await app(page).getAttribute('data-step'));
}

// Everything a test compares to say "the same state".
async function snapshot(page: Page) {
  return {
    step: await app(page).getAttribute('data-step'),
    narration: await page.getByTestId('narration').textContent(),
    tokens: await page.getByTestId('queue-token').evaluateAll((els) =>
      els.map((e) => `${e.textContent}@${e.getAttribute('data-place')}`),
    ),
    polls: await page.getByTestId('timeline').getAttribute('data-poll-count'),
    output: await page.getByTestId('output').textContent(),
    line: await page.getByTestId('code').getAttribute('data-current-line'),
    wakers: await page.getByTestId('wakers').getAttribute('data-count'),
    inspector: await page.evaluate(() => document.querySelector('[data-testid=inspector]')?.getAttribute('data-variant') ?? null),
  };
}

// Focuses the widget the way a reader would: a click on a quiet part of it.
async function focusApp(page: Page) {
  await page.getByTestId('narration').click();
}

test('loads with no console errors and no request leaving the origin', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(`${APP}/`)) problems.push(`external request: ${r.url()}`);
    // The style sheets and the JS glue are in the page (scripts/inline.mjs): nothing holds back
    // the parser or the loader but the wasm.
    if (['stylesheet', 'script'].includes(r.resourceType())) problems.push(`${r.resourceType()} requested: ${r.url()}`);
  });
  await open(page);
  await expect(app(page)).toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('narration')).toContainText('Nothing has run yet');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-count', '0');
  await page.keyboard.press('End');
  await focusApp(page);
  await page.keyboard.press('End');
  await expect(app(page)).toHaveAttribute('data-at-end', 'true');
  expect(problems).toEqual([]);
});

test('the timeline is drawn first, and the panels that follow it move nothing on screen', async ({ browser }) => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: number[]; codeAt?: number };
      w.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.shifts.push((e as unknown as { value: number }).value);
      }).observe({ type: 'layout-shift', buffered: true });
      // When the code card was put in the page (a mutation observer runs right after the change).
      new MutationObserver(() => {
        if (w.codeAt === undefined && document.querySelector('[data-testid=code]')) w.codeAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    await open(page);
    await expect(app(page)).toHaveAttribute('data-panels', 'all');
    await expect(page.getByTestId('code')).toBeVisible();
    await expect(page.getByTestId('output')).toBeAttached();
    const { shifts, codeAt, painted } = await page.evaluate(() => {
      const w = window as unknown as { shifts: number[]; codeAt?: number };
      return { shifts: w.shifts, codeAt: w.codeAt ?? NaN, painted: performance.getEntriesByName('asyncviz-first-paint')[0]?.startTime ?? NaN };
    });
    // The timeline's first picture comes before the other panels are built...
    expect(painted, `${viewport.width}px`).toBeLessThan(codeAt);
    // ...and their arrival moves nothing already on screen (the Layout Instability API reports
    // any element that moves between frames; one that appears is not a shift).
    expect(shifts, `${viewport.width}px`).toEqual([]);
    await context.close();
  }
});

test('a page that gets no animation frames still mounts every panel', async ({ page }) => {
  // Chromium gives a cross-origin iframe far below the fold no animation frames until it is
  // scrolled to, as it does a background tab (the test's page is about:blank, so the app's
  // origin is another). The panels that follow the first frame must not wait for one.
  await page.setContent(`<!doctype html><iframe id="viz" title="AsyncViz" src="${APP}/" style="position:absolute;top:5000px;width:1200px;height:700px;border:0"></iframe>`);
  // A frame locator finds nothing in an iframe that is not rendered; the frame itself does.
  await expect.poll(() => page.frames().length).toBe(2);
  const frame = page.frames()[1];
  await expect(frame.getByTestId('app')).toHaveAttribute('data-panels', 'all');
  await expect(frame.getByTestId('code')).toBeAttached();
  await expect(frame.getByTestId('output')).toBeAttached();
  const frames = await frame.evaluate(() => performance.getEntriesByName('asyncviz-first-frame').length);
  expect(frames, 'the frame got an animation frame, so this tests nothing').toBe(0);
});

test('a host that sends the wasm with the wrong type still gets the page, with no error', async ({ page }) => {
  // Some static hosts send .wasm as application/octet-stream, which WebAssembly.compileStreaming
  // refuses; the early compile (scripts/early-wasm.mjs) then gives way to a plain fetch.
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route(/_bg\.wasm$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await open(page);
  await expect(app(page)).toHaveAttribute('data-step', '0');
  await page.keyboard.press('End');
  await expect(app(page)).toHaveAttribute('data-at-end', 'true');
  expect(problems).toEqual([]);
});

test('the picker offers every built-in program with a title and what to watch for', async ({ page }) => {
  await open(page);
  await page.getByTestId('program-button').click();
  const cards = page.getByTestId('program-card');
  expect(await cards.count()).toBeGreaterThanOrEqual(12);
  for (const card of await cards.all()) {
    await expect(card.locator('.program-card-title')).not.toBeEmpty();
    await expect(card.locator('.program-card-watch').first()).not.toBeEmpty();
  }
  await page.locator('[data-key="12-starvation-yield-now"]').click();
  await expect(page.getByTestId('picker')).toHaveCount(0);
  await expect(app(page)).toHaveAttribute('data-program', '12-starvation-yield-now');
  await expect(app(page)).toHaveAttribute('data-step', '0');
});

test('every built-in program plays to its end', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  await page.getByTestId('program-button').click();
  const keys = await page.getByTestId('program-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')!));
  await page.keyboard.press('Escape');
  expect(keys.length).toBeGreaterThanOrEqual(12);
  for (const key of keys) {
    await open(page, `#p=${key}`);
    await expect(app(page)).toHaveAttribute('data-program', key);
    await focusApp(page);
    await page.keyboard.press('End');
    await expect(app(page)).toHaveAttribute('data-at-end', 'true');
    const len = await app(page).getAttribute('data-len');
    await expect(app(page)).toHaveAttribute('data-step', len!);
    await expect(page.getByTestId('outcome')).toHaveAttribute('data-at-end', 'true');
    const outcome = await page.getByTestId('outcome').getAttribute('data-outcome');
    expect(['finished', 'hang', 'budget', 'panicked'], key).toContain(outcome);
    const timeline = page.getByTestId('timeline');
    await expect(timeline).toHaveAttribute('data-poll-count', (await timeline.getAttribute('data-poll-total'))!);
  }
});

test('play at 4x runs a program to its end and stops there', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join');
  await page.getByTestId('speed').selectOption({ label: '4×' });
  await focusApp(page);
  await page.keyboard.press(' ');
  await expect(app(page)).toHaveAttribute('data-playing', 'true');
  await expect(app(page)).toHaveAttribute('data-at-end', 'true', { timeout: 30_000 });
  await expect(app(page)).toHaveAttribute('data-playing', 'false');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'finished');
  await expect(page.getByTestId('output')).toHaveAttribute('data-lines', '9');
});

test('sequential await vs join: two wakes coalesce into one poll', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join&s=56');
  await expect(page.getByTestId('narration')).toHaveText(
    '`main` polled `sleep(1s)`: not ready, so it returns Pending; both `sleep(1s)` timers keep clones of its waker (wakers #3 and #4).'.replaceAll('`', ''),
  );
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-count', '3');
  // A screen reader hears the timeline once, as the canvas's name.
  await expect(page.getByRole('img', { name: /^Timeline of \d+ lanes\. 3 of \d+ polls have begun by step 56;/ })).toHaveCount(1);
  await expect(page.getByTestId('queue-token')).toHaveCount(0);
  await expect(page.getByTestId('waker')).toHaveCount(2);
  await expect(page.getByTestId('output')).toHaveAttribute('data-lines', '6');
  await expect(page.getByTestId('code')).toHaveAttribute('data-parked', '1');

  await open(page, '#p=05-sequential-await-vs-join&s=66');
  await expect(page.getByTestId('narration')).toContainText('already queued: the wakes coalesce into one poll (×2)');
  const token = page.getByTestId('queue-token');
  await expect(token).toHaveCount(1);
  await expect(token).toHaveAttribute('data-place', 'flag');
  await expect(token.locator('.token-label')).toHaveText('main: woken');
  await expect(page.getByTestId('coalesced')).toHaveText('coalesced ×2');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-count', '3');

  await open(page, '#p=05-sequential-await-vs-join&s=79');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-count', '4');
  await expect(page.getByTestId('output')).toHaveAttribute('data-lines', '9');
  await expect(page.getByTestId('output')).toContainText('joined A B');
});

test('a long line shows its badges side by side at the visible edge', async ({ page }) => {
  // Step 30: `main` ran line 11 and parked there, so the line has a parked and a running badge.
  // The line is longer than the card, so both stay at the card's right edge, next to each other.
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, '#p=05-sequential-await-vs-join&s=30');
  const line = page.locator('[data-line="11"]');
  await expect(line.locator('.parked-badge')).toHaveText('‖ main');
  await expect(line.locator('.running-badge')).toHaveText('▶ main');
  const parked = (await line.locator('.parked-badge').boundingBox())!;
  const running = (await line.locator('.running-badge').boundingBox())!;
  const scroller = (await page.locator('.code-scroll').boundingBox())!;
  expect(parked.x + parked.width).toBeLessThanOrEqual(running.x);
  expect(running.x + running.width).toBeLessThanOrEqual(scroller.x + scroller.width);
  expect(Math.abs(parked.y - running.y)).toBeLessThan(1);
});

test('more than three tasks parked on one line are counted in one badge that covers the code opaquely', async ({ page }) => {
  // A synthetic run of 26 workers: they park at the `sleep(..).await` of line 17, most of them
  // at once.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?bench=10000');
  await expect(page.getByTestId('app')).toHaveAttribute('data-len', /\d+/);
  await page.getByTestId('scrubber').evaluate((slider: HTMLInputElement) => {
    slider.value = String(Math.round(Number(slider.max) / 2));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    slider.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const badges = page.locator('[data-line="17"] .line-badges');
  const count = badges.locator('.parked-badge');
  await expect(count).toHaveCount(1);
  await expect(count).toHaveText(/^‖ \d+ tasks$/);
  const n = Number((await count.textContent())!.match(/\d+/)![0]);
  expect(n).toBeGreaterThan(3);
  // Its tooltip names every one of them.
  const title = (await count.getAttribute('title'))!;
  expect(title).toMatch(/^Parked at this await: task \d+/);
  expect(title.split(', ')).toHaveLength(n);
  // The group stays at the right edge over the end of the line: its background hides the text.
  const background = await badges.evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(background).toMatch(/^rgb\(/);
});

test('a JoinSet holds one waker of main, and the first task to finish takes it to wake main', async ({ page }) => {
  // Scenario 06 joins its 100 tasks through a JoinSet. Step 510: main's first join_next left
  // its waker with the set.
  await open(page, '#p=06-threads-vs-tasks-c10k&s=510');
  await expect(page.getByTestId('narration')).toHaveText(
    'JoinSet keeps waker #1 (main\'s waker) in its “join_next waker” slot: that is how it will wake main later.',
  );
  await expect(page.getByTestId('wakers')).toContainText('JoinSet');
  // At 500 ms task 1 finishes: the set takes the waker out and main is woken through it.
  await open(page, '#p=06-threads-vs-tasks-c10k&s=1427');
  await expect(page.getByTestId('narration')).toHaveText(
    'Task 1 (async_read) wakes main through waker #1: it was idle, so it is scheduled.',
  );
  // Taking the result out drops the finished task's handle: nothing is detached.
  await open(page, '#p=06-threads-vs-tasks-c10k&s=1434');
  await expect(page.getByTestId('narration')).toHaveText(
    'JoinHandle<task 1> is dropped: task 1 (async_read) has finished, so nothing is left to wait for.',
  );
});

test('yield_now: the deferred wake puts main back after the others', async ({ page }) => {
  await open(page, '#p=12-starvation-yield-now&s=70');
  await expect(page.getByTestId('narration')).toHaveText(
    'main polled yield_now(): not ready, so it returns Pending; deferred wakes keeps a clone of its waker (waker #3).',
  );
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-count', '2');
  await expect(page.getByTestId('output')).toHaveAttribute('data-lines', '12');
  await expect(page.getByTestId('queue-token')).toHaveCount(0);

  await focusApp(page);
  for (let i = 0; i < 4; i++) await page.keyboard.press('.');
  await expect(app(page)).toHaveAttribute('data-step', '74');
  await expect(page.getByTestId('narration')).toHaveText(
    'The runtime releases the wake that yield_now deferred and wakes main through waker #3: it was idle, so it is scheduled.',
  );
  await page.keyboard.press('.');
  await expect(page.getByTestId('queue-token')).toHaveAttribute('data-place', 'flag');
  await page.keyboard.press('k');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-count', '3');
});

test('spawn without join: the spawned task waits in the run queue behind nobody', async ({ page }) => {
  await open(page, '#p=07-spawn-without-join&s=39');
  await expect(page.getByTestId('narration')).toHaveText(
    'The wake from the timer driver puts task 1 at the back of the run queue (1 waiting).',
  );
  const tokens = page.getByTestId('queue-token');
  await expect(tokens).toHaveCount(2);
  await expect(page.getByTestId('run-queue').getByTestId('queue-token')).toHaveAttribute('data-task', '1');
  await expect(page.getByTestId('block-on-flag').getByTestId('queue-token')).toHaveAttribute('data-task', '0');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-count', '2');
  await expect(page.getByTestId('output')).toHaveAttribute('data-lines', '2');

  // The next poll is main's (block_on's flag goes first), with task 1 still queued.
  await focusApp(page);
  await page.keyboard.press('.');
  await page.keyboard.press('.');
  await expect(page.getByTestId('worker-slot').getByTestId('queue-token')).toHaveAttribute('data-task', '0');
  await expect(page.getByTestId('run-queue').getByTestId('queue-token')).toHaveAttribute('data-task', '1');

  // At the end, main has returned and task 1 was dropped before it finished.
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('dropped task 1');
});

test('a lost waker is told as a story and the run hangs', async ({ page }) => {
  await open(page, '#p=17-lost-wakeup-hang&s=52');
  await expect(page.getByTestId('narration')).toContainText('no one holds its waker: nothing can ever wake it');
  await expect(page.getByTestId('lost-waker')).toContainText('main is Pending and no one holds its waker');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'hang');
  // The lint names the task as the story does: `main`, not its id.
  await expect(page.getByTestId('lints')).toContainText('Lost waker main is Pending and no one holds its waker, so nothing can ever wake it.');
  await expect(page.getByTestId('lints')).not.toContainText('task 0');
});

test('the narration lists the events before this one on request, each a link to its step', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join&s=30');
  const more = page.getByTestId('narration-more');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('narration-earlier')).toHaveCount(0);
  // The keyboard opens it: Space on the button is the button's, not play.
  await more.focus();
  await page.keyboard.press(' ');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(app(page)).toHaveAttribute('data-playing', 'false');
  const earlier = page.getByTestId('narration-earlier').locator('li');
  await expect(earlier).toHaveCount(5);
  // Newest first: the event just before this one, then the ones before it.
  await expect(earlier.nth(0)).toHaveText("#29sleep(1s) keeps waker #2 (main's waker) in its “timer entry” slot: that is how it will wake main later.");
  await expect(earlier.nth(4)).toContainText('#25main prints');
  // A step jumps there, and the list follows.
  await earlier.nth(2).getByRole('button', { name: 'Go to #27' }).click();
  await expect(app(page)).toHaveAttribute('data-step', '27');
  await expect(earlier.nth(0)).toContainText('#26');
  // A link that takes itself off the list (the first event has nothing before it) leaves the
  // keyboard's focus on the list, not on the page's body.
  await open(page, '#p=05-sequential-await-vs-join&s=3');
  await expect(earlier).toHaveCount(2);
  await earlier.getByRole('button', { name: 'Go to #1' }).focus();
  await page.keyboard.press('Enter');
  await expect(app(page)).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('narration-earlier')).toBeFocused();
  // At the first event there is nothing before it.
  await expect(earlier).toHaveText(['Nothing happened before this event.']);
  await open(page, '#p=05-sequential-await-vs-join&s=1');
  await expect(earlier).toHaveText(['Nothing happened before this event.']);
  // The reader's choice outlives a reload.
  await page.reload();
  await expect(page.getByTestId('narration-more')).toHaveAttribute('aria-expanded', 'true');
  await expect(earlier).toHaveText(['Nothing happened before this event.']);
  await page.getByTestId('narration-more').click();
  await expect(more).toHaveText('Earlier');
  await expect(page.getByTestId('narration-earlier')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('narration-more')).toHaveAttribute('aria-expanded', 'false');
});

test('a futurelock says which future the lock was handed to', async ({ page }) => {
  // Step 85: the background task drops its guard, and the lock goes straight to fut1's lock().
  await open(page, '#p=23-futurelock&s=85');
  await expect(page.getByTestId('narration')).toContainText("handed straight to its oldest waiter, main's mutex.lock() at line 26");
  await page.keyboard.press('End');
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'hang');
  await expect(outcome).toContainText(
    'main is parked at line 35, waiting on Mutex (lock waiter); it can be woken only by polling mutex.lock() at line 26, which the lock was handed to',
  );
  await expect(outcome.locator('.outcome-story code')).toHaveText(['main', 'Mutex', 'mutex.lock()']);
});

test('a task parked in a hand-written future is parked at the line of its .await', async ({ page }) => {
  // `BadDelay`'s poll gives its waker to no one and calls nothing of the runtime, so only the
  // `.await` in main (line 46) can say where main is stuck. At the end of the run the code
  // scrolls to it; the 49-line program is taller than the code card at this size.
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, '#p=17-lost-wakeup-hang');
  const scroller = page.locator('.code-scroll');
  await expect.poll(() => scroller.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await page.keyboard.press('End');
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'hang');
  await expect(outcome).toContainText('main is Pending at line 46 and no one holds its waker, so nothing can ever wake it.');
  await expect(page.getByTestId('code')).toHaveAttribute('data-parked', '1');
  await expect(page.locator('[data-line="46"] .parked-badge')).toHaveText('‖ main');
  await expect
    .poll(async () => {
      const box = (await scroller.boundingBox())!;
      const line = (await page.locator('[data-line="46"]').boundingBox())!;
      return line.y >= box.y && line.y + line.height <= box.y + box.height;
    }, { message: 'line 46 is scrolled into the code view' })
    .toBe(true);
});

test('lints that say the same of several tasks are told once, with a link to each', async ({ page }) => {
  await open(page, '#p=28-work-stealing-vs-thread-per-core');
  const lints = page.getByTestId('lints').locator('.lint');
  await expect(lints).toHaveCount(1);
  await expect(lints).toHaveAttribute('data-count', '8');
  await expect(lints.locator('.lint-count')).toHaveText('×8');
  await expect(lints).toContainText('Task 1 (handle_conn) called std::thread::sleep inside a poll');
  await expect(lints).toContainText('The same for task 2, task 3, task 4, task 5, task 6, task 7 and task 8.');
  await expect(lints.getByRole('button')).toHaveCount(8);
  await lints.getByRole('button', { name: 'see #55' }).click();
  await expect(app(page)).toHaveAttribute('data-step', '55');
});

test('code in sentences shows as code, never as backticks', async ({ page }) => {
  // Everything but the program's own source (which may hold backticks in its comments).
  const prose = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=app] > :not(main), main > :not(.area-code), [role=dialog]')]
        .map((el) => (el as HTMLElement).innerText)
        .join('\n'),
    );
  for (const step of [0, 12, 40]) {
    await open(page, `#p=07-spawn-without-join&s=${step}`);
    expect(await prose(page)).not.toContain('`');
  }
  // At step 0 the Future card says that `main` does not exist yet, with `main` as code.
  await open(page, '#p=07-spawn-without-join&s=0');
  await expect(page.locator('.area-inspector .empty-note code')).toHaveText('main');
  await focusApp(page);
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await expect(page.getByTestId('help').locator('td code')).toHaveText('{');
  expect(await prose(page)).not.toContain('`');
});

test('step back restores the previous state exactly', async ({ page }) => {
  for (const hash of ['#p=05-sequential-await-vs-join&s=65', '#p=07-spawn-without-join&s=47', '#p=12-starvation-yield-now&s=8']) {
    await open(page, hash);
    const before = await snapshot(page);
    await focusApp(page);
    await page.keyboard.press('.');
    const after = await snapshot(page);
    expect(after.step).not.toEqual(before.step);
    await page.keyboard.press(',');
    expect(await snapshot(page)).toEqual(before);
    // The same through the buttons, and through a poll-sized jump.
    await page.getByTestId('btn-next-poll').click();
    await page.getByTestId('btn-prev-poll').click();
    await page.getByTestId('btn-forward').click();
    await page.getByTestId('btn-back').click();
    const poll = await snapshot(page);
    await page.getByTestId('btn-forward').click();
    await page.getByTestId('btn-back').click();
    expect(await snapshot(page)).toEqual(poll);
  }
});

test('the slider keeps its length while the readout beside it changes', async ({ page }) => {
  // 07's times run from "0 ms" to "2.5 s" and its steps from 0 to 135, and the event's name
  // changes at every step: the readout keeps room for the longest of each, so a slider being
  // dragged does not grow or shrink under the pointer.
  await open(page, '#p=07-spawn-without-join&s=0');
  const slider = page.getByTestId('scrubber');
  const sentence = page.getByTestId('narration');
  const width = async () => (await slider.boundingBox())!.width;
  const left = async () => (await sentence.boundingBox())!.x;
  const [w0, x0] = [await width(), await left()];
  for (const step of [9, 41, 100, 135]) {
    await slider.fill(String(step));
    await expect(app(page)).toHaveAttribute('data-step', String(step));
    expect(await width()).toBe(w0);
    expect(await left()).toBe(x0);
  }
});

test('on a phone the readout shares its row with the speed, and a long event name is cut short', async ({ page }) => {
  // There the slider has a row of its own, so the readout keeps no room for its longest texts.
  await page.setViewportSize({ width: 320, height: 700 });
  await open(page, '#p=07-spawn-without-join&s=0');
  const slider = page.getByTestId('scrubber');
  for (const step of [0, 41, 134, 135]) {
    await slider.fill(String(step));
    await expect(app(page)).toHaveAttribute('data-step', String(step));
    const [readout, time, pill, speed] = await Promise.all(
      ['.readout', '.readout-time', '.readout-pill', '.speed'].map(async (s) => (await page.locator(s).boundingBox())!),
    );
    // One row: the speed's box overlaps the readout's vertically.
    expect(speed.y, `step ${step}`).toBeLessThan(readout.y + readout.height);
    // The pill starts after the time and ends before the speed: nothing overlaps.
    expect(pill.x, `step ${step}`).toBeGreaterThanOrEqual(time.x + time.width);
    expect(pill.x + pill.width, `step ${step}`).toBeLessThanOrEqual(speed.x);
  }
});

test('a deep link opens at the right step, survives a reload, and tracks stepping', async ({ page }) => {
  await open(page, '#p=07-spawn-without-join&s=41');
  await expect(app(page)).toHaveAttribute('data-program', '07-spawn-without-join');
  await expect(app(page)).toHaveAttribute('data-step', '41');
  const historyLength = await page.evaluate(() => history.length);
  await focusApp(page);
  await page.keyboard.press('.');
  await page.keyboard.press('.');
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#p=07-spawn-without-join&s=43');
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await page.reload();
  await expect(app(page)).toHaveAttribute('data-step', '43');
  // Other spellings of a program name work too.
  await open(page, '#p=sequential-await-vs-join&s=3');
  await expect(app(page)).toHaveAttribute('data-program', '05-sequential-await-vs-join');
  await expect(app(page)).toHaveAttribute('data-step', '3');
  // Editing the hash by hand moves the view.
  await page.evaluate(() => (location.hash = '#p=05-sequential-await-vs-join&s=21'));
  await expect(app(page)).toHaveAttribute('data-step', '21');
});

test('a bad link shows a clear message and a working default', async ({ page }) => {
  for (const [hash, program, step] of [
    ['#p=no-such-program&s=5', '01-hello-tokio-block-on', '5'],
    ['#p=05-sequential-await-vs-join&s=99999', '05-sequential-await-vs-join', '79'],
    ['#s=banana', '01-hello-tokio-block-on', '0'],
    ['#%E2%82&&==&p=%zz', '01-hello-tokio-block-on', '0'],
  ]) {
    await open(page, hash);
    await expect(page.getByTestId('notice'), hash).toBeVisible();
    await expect(app(page)).toHaveAttribute('data-program', program);
    await expect(app(page)).toHaveAttribute('data-step', step);
    await expect(page.getByTestId('narration')).not.toBeEmpty();
    await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('notice')).toHaveCount(0);
  }
});

test('clicking a poll bar on the timeline selects it and jumps to its end', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join');
  const canvas = page.locator('canvas.timeline-canvas');
  const box = (await canvas.boundingBox())!;
  // Step mode shows all 79 events across the plot (gutter 112 px); main's first poll covers
  // events 4..=11, so its middle is at x = 8; main is the first lane under the 36 px axis.
  const plot = box.width - 112;
  await canvas.click({ position: { x: 112 + (8 / 79) * plot, y: 36 + 15 } });
  await expect(app(page)).toHaveAttribute('data-step', '12');
  await expect(page.getByTestId('hit-detail')).toContainText('Poll 1 of main: returned Pending');
  // An empty spot on the axis moves the playhead there.
  await canvas.click({ position: { x: 112 + (40 / 79) * plot, y: 10 } });
  await expect(app(page)).toHaveAttribute('data-step', '40');
  // Zoom buttons change the magnification; Fit restores it.
  await page.getByTestId('zoom-in').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-zoom', '1.60');
  await page.getByTestId('zoom-fit').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-zoom', '1.00');
  await page.getByTestId('mode-time').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-mode', 'time');
});

test('keyboard shortcuts work in an iframe and never scroll the host page', async ({ page }) => {
  await page.goto('/');
  await page.setContent(`<!doctype html><html><body style="margin:0">
    <h1>Lecture 13</h1>
    <iframe id="viz" title="AsyncViz" src="${APP}/#p=05-sequential-await-vs-join" style="width:1200px;height:700px;border:0"></iframe>
    <div style="height:5000px">tall course text</div>
  </body></html>`);
  const frame = page.frameLocator('#viz');
  const inner = frame.getByTestId('app');
  await expect(inner).toHaveAttribute('data-len', '79');
  await frame.getByTestId('narration').click();
  const hostScroll = () => page.evaluate(() => window.scrollY);
  expect(await hostScroll()).toBe(0);

  await page.keyboard.press('.');
  await page.keyboard.press('.');
  await expect(inner).toHaveAttribute('data-step', '2');
  await page.keyboard.press(',');
  await expect(inner).toHaveAttribute('data-step', '1');
  await page.keyboard.press('k');
  await expect(inner).toHaveAttribute('data-step', '12');
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  await expect(inner).toHaveAttribute('data-step', '12');
  await page.keyboard.press('End');
  await expect(inner).toHaveAttribute('data-step', '79');
  await page.keyboard.press('Home');
  await expect(inner).toHaveAttribute('data-step', '0');
  await page.keyboard.press(' ');
  await expect(inner).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press(' ');
  await expect(inner).toHaveAttribute('data-playing', 'false');
  await page.keyboard.press('?');
  await expect(frame.getByTestId('help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(frame.getByTestId('help')).toHaveCount(0);
  await page.keyboard.press('+');
  await expect(frame.getByTestId('timeline')).toHaveAttribute('data-zoom', '1.60');
  await page.keyboard.press('0');
  await expect(frame.getByTestId('timeline')).toHaveAttribute('data-zoom', '1.00');
  // Space and End would scroll a page if they leaked; the host never moved.
  expect(await hostScroll()).toBe(0);
});

test('a button that goes away with the step leaves the shortcuts working', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join&s=30');
  // "Go to the end" is not there at the end: the focus it had falls to the page's body.
  await page.getByRole('button', { name: 'Go to the end' }).click();
  await expect(app(page)).toHaveAttribute('data-step', '79');
  await expect(page.getByRole('button', { name: 'Go to the end' })).toHaveCount(0);
  await page.keyboard.press('Home');
  await expect(app(page)).toHaveAttribute('data-step', '0');
  // The key brought the focus back to the widget, so the next ones work as ever.
  await expect(app(page)).toBeFocused();
  await page.keyboard.press('.');
  await expect(app(page)).toHaveAttribute('data-step', '1');
});

test('shortcuts are not handled on a bare page element: arrows stay with the page', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join');
  await focusApp(page);
  await page.keyboard.press('ArrowRight');
  await expect(app(page)).toHaveAttribute('data-step', '0');
  // On the slider, arrows are the slider's own keys.
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press('ArrowRight');
  await expect(app(page)).toHaveAttribute('data-step', '1');
});

test('reduced motion keeps every token and badge but drops the animation', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await open(page, '#p=05-sequential-await-vs-join&s=66');
  await expect(app(page)).toHaveClass(/reduced-motion/);
  await expect(page.getByTestId('coalesced')).toHaveText('coalesced ×2');
  const animation = await page.getByTestId('coalesced').evaluate((e) => getComputedStyle(e).animationName);
  expect(animation).toBe('none');
  await context.close();
});

test('the theme follows the system, and a chosen theme persists', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await open(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await context.close();
});
