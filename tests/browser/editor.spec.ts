// The program editor (issue 4): type a program, run it in the interpreter, see it on the
// timeline; problems underlined at their line; drafts that survive reloads and bad runs; an
// endless loop stopped by the budget while the page stays usable; share links that carry the
// program; built-in programs that run compiled; the plain textarea; screenshots.
//
// State is read from data attributes (data-program, data-len, data-line, data-tone) and text,
// never from pixels. Every test starts with fresh localStorage (a new browser context).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { deflateSync } from 'node:zlib';
import { shoot } from './shots';

const app = (page: Page) => page.getByTestId('app');
const input = (page: Page) => page.getByTestId('editor-input');
const status = (page: Page) => page.getByTestId('editor-status');

/** `c=` for a program, as asyncviz_embed::encode_code writes it (zlib, base64url, no padding). */
function encodeCode(code: string): string {
  return deflateSync(Buffer.from(code, 'utf8'), { level: 9 }).toString('base64url');
}

// Opens a link as a fresh page load and waits for the app.
async function open(page: Page, hash = '') {
  await page.goto('about:blank');
  await page.goto('/' + hash);
  await expect(app(page)).toHaveAttribute('data-len', /^\d+$/);
}

// Opens the editor with the Edit switch and waits for the first check of the text.
async function edit(page: Page) {
  await page.getByTestId('edit-code').click();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(input(page)).toBeFocused();
}

const SPAWN = `use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let task = tokio::spawn(async {
        sleep(Duration::from_millis(10)).await;
        println!("task done");
    });
    println!("main waits");
    task.await.unwrap();
    println!("main done");
}
`;

const LOOP = `#[tokio::main]
async fn main() {
    let mut n: u64 = 0;
    loop {
        n += 1;
    }
}
`;

test('a typed program runs and its run is on the timeline', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // Errors, and wasm-bindgen's warning about an outdated init call (trunk's worker shim makes one;
  // scripts/csp.mjs rewrites it), from the page or its worker.
  page.on('console', (m) => (m.type() === 'error' || /deprecated/i.test(m.text())) && problems.push(m.text()));
  page.on('worker', (w) => w.on('console', (m) => (m.type() === 'error' || /deprecated/i.test(m.text())) && problems.push(`worker: ${m.text()}`)));
  await open(page, '#p=05-sequential-await-vs-join');
  await edit(page);
  await input(page).fill('#[tokio::main(flavor = "current_thread")]\nasync fn main() {');
  await input(page).press('End');
  await page.keyboard.press('Control+End');
  // Enter keeps the indentation (one level deeper after `{`); Shift+Tab outdents; Tab indents
  // by four spaces. The page's shortcuts (Space, `.`, `k`, End) stay out of the way.
  await page.keyboard.press('Enter');
  await page.keyboard.type('println!("typed. k j, in the editor");');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('}');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('// end');
  await expect(input(page)).toHaveValue(
    '#[tokio::main(flavor = "current_thread")]\nasync fn main() {\n    println!("typed. k j, in the editor");\n}\n    // end',
  );
  await expect(app(page)).toHaveAttribute('data-step', '0');
  await expect(app(page)).toHaveAttribute('data-playing', 'false');
  await expect(status(page)).toContainText('press Run');

  await input(page).fill(SPAWN);
  await page.getByTestId('run-code').click();
  await expect(app(page)).toHaveAttribute('data-program', 'custom');
  // A clean run leaves the editor for the view that follows the playhead through the code.
  await expect(page.getByTestId('editor')).toHaveCount(0);
  await expect(page.getByTestId('code')).toContainText('println!("task done");');
  await expect(page.getByTestId('program-button')).toContainText('Your program');
  expect(Number(await app(page).getAttribute('data-len'))).toBeGreaterThan(20);
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-poll-total', /^[1-9]/);
  await page.getByTestId('btn-end').click();
  await expect(page.getByTestId('output')).toContainText('main waits\ntask done\nmain done');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'finished');
  // Await points name lines of the reader's code: the spawned task parks at the sleep (line 6).
  await page.getByTestId('btn-start').click();
  let parkedAtSleep = false;
  for (let i = 0; i < 40 && !parkedAtSleep; i++) {
    await page.getByTestId('btn-forward').click();
    parkedAtSleep = (await page.locator('[data-line="6"].ln-parked').count()) > 0;
  }
  expect(parkedAtSleep).toBe(true);
  // The link now carries the program, so a reload runs it again.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#c=[A-Za-z0-9_-]+(&|$)/);
  await page.getByTestId('edit-code').click();
  await expect(status(page)).toContainText('finished at t = 10 ms');
  expect(problems).toEqual([]);
});

test('a syntax error is underlined at its line, with its message on hover and in the list', async ({ page }) => {
  await open(page);
  await edit(page);
  await input(page).fill('#[tokio::main]\nasync fn main() {\n    println!("one");\n    let x = ;\n    println!("{x}");\n}\n');
  const problem = page.getByTestId('problem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toHaveAttribute('data-line', '4');
  await expect(problem).toContainText('expected an expression');
  await expect(page.locator('.egut-error')).toHaveText('4');
  const underline = page.locator('[data-eline="4"] .eprob-error');
  await expect(underline).toHaveCount(1);
  await expect(input(page)).toHaveAttribute('aria-invalid', 'true');

  // The textarea lies over the underline; hovering there shows the message.
  const box = (await underline.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('editor-tip')).toContainText('expected an expression');
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('editor-tip')).toHaveCount(0);

  // Choosing it in the list puts the caret on it.
  await problem.click();
  await expect(input(page)).toBeFocused();
  const caret = await input(page).evaluate((el: HTMLTextAreaElement) => {
    const before = el.value.slice(0, el.selectionStart);
    return [before.split('\n').length, before.length - before.lastIndexOf('\n')];
  });
  expect(caret[0]).toBe(4);
  await expect(page.getByTestId('editor-tip')).toContainText('expected an expression');

  const len = await app(page).getAttribute('data-len');
  await page.getByTestId('run-code').click();
  await expect(status(page)).toHaveAttribute('data-tone', 'error');
  await expect(status(page)).toContainText('Not run: 1 error');
  await expect(app(page)).toHaveAttribute('data-program', '01-hello-tokio-block-on');
  await expect(app(page)).toHaveAttribute('data-len', len!);
});

test('an error met while running is underlined at its line too', async ({ page }) => {
  await open(page);
  await edit(page);
  await input(page).fill('fn depth(n: u64) -> u64 {\n    if n == 0 { 0 } else { 1 + depth(n - 1) }\n}\n\n#[tokio::main]\nasync fn main() {\n    println!("{}", depth(100_000));\n}\n');
  await page.getByTestId('run-code').click();
  await expect(status(page)).toHaveAttribute('data-tone', 'warn');
  await expect(status(page)).toContainText('panicked');
  await expect(app(page)).toHaveAttribute('data-program', 'custom');
  const problem = page.getByTestId('problem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText('recursion too deep');
  await problem.click();
  await expect(page.getByTestId('editor-tip')).toContainText('recursion too deep');
  await expect(problem).toHaveCount(1);
});

test('the text survives a reload and a bad run', async ({ page }) => {
  await open(page, '#p=05-sequential-await-vs-join');
  await edit(page);
  const text = (await input(page).inputValue()).replace('#[tokio::main', '// edited\n#[tokio::main');
  await input(page).fill(text + '\nfn broken( {\n');
  await page.getByTestId('run-code').click();
  await expect(status(page)).toHaveAttribute('data-tone', 'error');
  await page.reload();
  await expect(app(page)).toHaveAttribute('data-program', '05-sequential-await-vs-join');
  // A draft that differs from the program shown opens in the editor.
  await expect(input(page)).toHaveValue(text + '\nfn broken( {\n');
  // Reset puts the original back, and the draft is gone for good.
  await page.getByTestId('reset-code').click();
  await expect(input(page)).not.toHaveValue(/edited/);
  await expect(page.getByTestId('reset-code')).toBeDisabled();
  await page.reload();
  await expect(app(page)).toHaveAttribute('data-len', /^\d+$/);
  await expect(page.getByTestId('editor')).toHaveCount(0);
});

test('an endless loop is stopped with a message, and the page stays usable', async ({ page }) => {
  await open(page);
  await edit(page);
  await input(page).fill(LOOP);
  await page.getByTestId('run-code').click();
  await expect(status(page)).toContainText('Stopped after 2,000,000 evaluation steps', { timeout: 30_000 });
  await expect(status(page)).toHaveAttribute('data-tone', 'warn');
  await expect(app(page)).toHaveAttribute('data-program', 'custom');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'budget');
  await expect(page.getByTestId('outcome')).toContainText('steps budget');
  // The editor keeps the text, and the rest of the page responds.
  await expect(input(page)).toHaveValue(LOOP);
  await page.getByTestId('btn-forward').click();
  await expect(app(page)).toHaveAttribute('data-step', '1');
  await input(page).press('Control+End');
  await page.keyboard.type('// still typing');
  await expect(input(page)).toHaveValue(LOOP + '// still typing');
});

test('a share link carries the program and opens it again', async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await open(page);
  await edit(page);
  await input(page).fill(SPAWN.replace('main done', 'shared ✓'));
  await page.getByTestId('run-code').click();
  await expect(app(page)).toHaveAttribute('data-program', 'custom');
  await page.getByTestId('btn-forward').click();
  await page.getByTestId('edit-code').click();
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-msg')).toHaveAttribute('data-copied', 'true');
  const url = await page.getByTestId('share-url').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#c=[A-Za-z0-9_-]+&s=1$/);

  const other = await context.newPage();
  await other.goto(url);
  await expect(app(other)).toHaveAttribute('data-program', 'custom');
  await expect(app(other)).toHaveAttribute('data-step', '1');
  await other.getByTestId('btn-end').click();
  await expect(other.getByTestId('output')).toContainText('shared ✓');
  await other.getByTestId('edit-code').click();
  await expect(input(other)).toHaveValue(SPAWN.replace('main done', 'shared ✓'));
  await expect(other.getByTestId('notice')).toHaveCount(0);
  await context.close();
});

test('without a clipboard, the link is selected for copying by hand', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await open(page);
  await edit(page);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-msg')).toHaveAttribute('data-copied', 'false');
  await expect(page.getByTestId('share-msg')).toContainText('press Ctrl+C');
  const field = page.getByTestId('share-url');
  await expect(field).toBeFocused();
  const [start, end, length] = await field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd, el.value.length]);
  expect([start, end]).toEqual([0, length]);
});

test('a damaged program in a link opens the default program with a clear message', async ({ page }) => {
  const c = encodeCode(SPAWN);
  await open(page, `#c=${c.slice(0, c.length - 6)}&s=3`);
  await expect(page.getByTestId('notice')).toContainText('cut off');
  await expect(app(page)).toHaveAttribute('data-program', '01-hello-tokio-block-on');
  // A link whose program does not pass the checks opens it in the editor, problems underlined.
  await open(page, `#c=${encodeCode('#[tokio::main]\nasync fn main() {\n    let = 1;\n}\n')}`);
  await expect(page.getByTestId('notice')).toContainText('did not run');
  await expect(page.getByTestId('problem')).toHaveAttribute('data-line', '3');
});

const SYNC = `use std::sync::Arc;
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let limit = Arc::new(Semaphore::new(2));
    let go = Arc::new(Notify::new());
    let mut set = JoinSet::new();
    for i in 0..4u64 {
        let (limit, go) = (limit.clone(), go.clone());
        set.spawn(async move {
            go.notified().await;
            let _permit = limit.acquire().await.unwrap();
            sleep(Duration::from_millis(40 - 10 * i)).await;
            i
        });
    }
    sleep(Duration::from_millis(5)).await;
    go.notify_waiters();
    while let Some(res) = set.join_next().await {
        println!("task {} done", res.unwrap());
    }
}
`;

test('a linked program with a JoinSet, a Semaphore and a Notify runs in the worker as on tokio', async ({ page }) => {
  // Two permits: tasks 0 and 1 sleep first (1 is done at 35 ms, 0 at 45 ms); task 2 takes the
  // permit 1 frees and task 3 the one 0 frees, and both are done at 55 ms, 2 first. Real tokio
  // 1.54 prints these four lines in this order (the interpreter's golden programs check each of
  // the three types against it natively).
  await open(page, `#c=${encodeCode(SYNC)}`);
  await expect(app(page)).toHaveAttribute('data-program', 'custom');
  await page.getByTestId('btn-end').click();
  await expect(page.getByTestId('output')).toHaveText(/task 1 done\s*.*task 0 done\s*.*task 2 done\s*.*task 3 done/s);
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test("when the interpreter's worker cannot load, a linked program says so and the page stays usable", async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/asyncviz-worker_loader.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`/#c=${encodeCode(SPAWN)}`);
  await expect(page.getByTestId('notice')).toContainText("did not run because the interpreter's worker");
  await expect(app(page)).toHaveAttribute('data-running-link', 'false');
  await expect(app(page)).toHaveAttribute('data-program', '01-hello-tokio-block-on');
  // The built-in program still plays, and the editor says why Run cannot work.
  await page.getByTestId('btn-end').click();
  await expect(app(page)).toHaveAttribute('data-at-end', 'true');
  await page.getByTestId('edit-code').click();
  await page.getByTestId('run-code').click();
  await expect(page.getByTestId('problem').first()).toContainText('nothing ran');
  expect(errors).toEqual([]);
});

test('built-in programs that define their own futures still show their compiled run', async ({ page }) => {
  await open(page, '#p=17-lost-wakeup-hang');
  await expect(app(page)).toHaveAttribute('data-len', '55');
  await edit(page);
  await expect(status(page)).toContainText('runs compiled');
  await expect(page.getByTestId('problem').first()).toContainText('runs compiled');
  await page.getByTestId('run-code').click();
  await expect(status(page)).toHaveAttribute('data-tone', 'error');
  await expect(status(page)).toContainText('Not run');
  await expect(app(page)).toHaveAttribute('data-program', '17-lost-wakeup-hang');
  await expect(app(page)).toHaveAttribute('data-len', '55');
});

test('the plain textarea is labelled, has no overlay, and lets Tab leave', async ({ page }) => {
  await open(page);
  await edit(page);
  await page.getByTestId('plain-toggle').check();
  const plain = page.getByLabel('Program source (Rust)');
  await expect(plain).toBeVisible();
  await expect(page.getByTestId('editor-layer')).toHaveCount(0);
  await plain.focus();
  await page.keyboard.press('Tab');
  await expect(plain).not.toBeFocused();
  // In the highlighted editor, Escape then Tab leaves too (Tab alone indents).
  await page.getByTestId('plain-toggle').uncheck();
  await input(page).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(input(page)).not.toBeFocused();
  // The choice is remembered.
  await page.getByTestId('plain-toggle').check();
  await page.reload();
  await page.getByTestId('edit-code').click();
  await expect(page.getByTestId('editor-plain')).toBeVisible();
  await expect(page.getByTestId('editor-plain')).toBeFocused();
});

test('axe finds no serious violations in the editor', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  await edit(page);
  await input(page).fill('#[tokio::main]\nasync fn main() {\n    let x = ;\n}\n');
  await expect(page.getByTestId('problem')).toHaveCount(1);
  const results = await new AxeBuilder({ page }).include('[data-testid=editor]').analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
});

// Screenshots of the editor with an error, for people to look at (not compared pixel by pixel).
const ERROR_PROGRAM = `use tokio::time::{sleep, Duration};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let task = tokio::spawn(async {
        sleep(Duration::from_milis(10)).await;
        println!("task done");
    });
    println!("main waits");
    task.await.unwrap();
    println!("main done after {ticks} ticks");
}
`;

for (const shot of [
  { name: 'desktop-light', width: 1280, height: 800, colorScheme: 'light' },
  { name: 'desktop-dark', width: 1280, height: 800, colorScheme: 'dark' },
  { name: 'phone-light', width: 390, height: 844, colorScheme: 'light' },
] as const) {
  test(`screenshot of the editor with an error (${shot.name})`, async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: shot.width, height: shot.height },
      colorScheme: shot.colorScheme,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await open(page, '#p=07-spawn-without-join');
    await edit(page);
    await input(page).fill(ERROR_PROGRAM);
    await page.getByTestId('run-code').click();
    await expect(status(page)).toHaveAttribute('data-tone', 'error');
    const problem = page.getByTestId('problem');
    await expect(problem).toHaveCount(2);
    await expect(problem.first()).toHaveAttribute('data-line', '6');
    await problem.first().click();
    await expect(page.getByTestId('editor-tip')).toBeVisible();
    if (shot.width < 760) {
      // On a phone the code panel is further down, under the sticky playback bar.
      await page.evaluate(() => {
        const editor = document.querySelector('[data-testid=editor]')!;
        const covered = [...document.querySelectorAll('header, .player')]
          .filter((e) => ['sticky', 'fixed'].includes(getComputedStyle(e).position))
          .reduce((bottom, e) => Math.max(bottom, e.getBoundingClientRect().bottom), 0);
        window.scrollBy(0, editor.getBoundingClientRect().top - covered - 8);
      });
    }
    await shoot(page, `editor-${shot.name}.png`);
    await context.close();
  });
}
