// Embedding AsyncViz (issue 5): the link contract, embed mode in a plain HTML page, reveal.js
// messages, the sample mdBook opened from disk, the single-file page from file://, the sub-path
// build, the Content-Security-Policy, and XSS payloads in the program, its output and the link.
//
// `./x test` builds everything these tests open: dist/ (served on 4173, or ASYNCVIZ_TEST_PORT, by playwright.config.ts),
// dist-single/asyncviz.html, dist-subpath/ (served here under /some/path/), and the book in
// tests/book/book/ with the single-file page as its app. The course-page fixture is served on a
// port of its own, another origin than the app, so the embed is cross-origin as on a real course
// site. The servers started here take any free port, so parallel runs never collide.
import { expect, test, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { APP, pointAtApp } from './origin';
import { shoot } from './shots';

const ROOT = resolve(__dirname, '..', '..');
const PAYLOAD = '<img src=x onerror=window.__xss=1>';

/** `c=` for a program, as asyncviz_embed::encode_code writes it (zlib, base64url, no padding). */
function encodeCode(code: string): string {
  return deflateSync(Buffer.from(code, 'utf8'), { level: 9 }).toString('base64url');
}

/** A file the build must have produced, as a file:// URL. */
function built(path: string): string {
  const file = resolve(ROOT, path);
  if (!existsSync(file)) throw new Error(`${path} is missing: run ./x test, which builds it`);
  return pathToFileURL(file).href;
}

/** Starts tests/browser/serve.mjs on a free port; resolves to the process and its base URL. */
async function serve(root: string, prefix = '/'): Promise<{ child: ChildProcess; base: string }> {
  if (!existsSync(resolve(ROOT, root))) throw new Error(`${root} is missing: run ./x test, which builds it`);
  const child = spawn(process.execPath, [resolve(ROOT, 'tests/browser/serve.mjs'), resolve(ROOT, root), '0', prefix], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((ok, fail) => {
    child.stdout?.on('data', (d) => {
      const url = / at (http:\/\/\S+)/.exec(String(d))?.[1];
      if (url) ok(url);
    });
    child.on('exit', (code) => fail(new Error(`serve.mjs ${root} exited with ${code}`)));
  });
  return { child, base };
}

const appIn = (scope: Page | FrameLocator): Locator => scope.getByTestId('app');

/** Waits until the app in `scope` has loaded a program. */
async function loaded(scope: Page | FrameLocator) {
  await expect(appIn(scope)).toHaveAttribute('data-len', /^[1-9]\d*$/, { timeout: 20_000 });
  // The panels other than the timeline mount right after the first frame.
  await expect(appIn(scope)).toHaveAttribute('data-panels', 'all');
}

/** Records what must never happen on a page: errors, CSP violations, failed or foreign requests. */
function watch(page: Page, allowed: (url: string) => boolean) {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => !allowed(r.url()) && problems.push(`request leaving the origin: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} for ${r.url()}`));
  return problems;
}

/** Collects CSP violations (in every frame) into window.__csp. */
async function recordCspViolations(page: Page) {
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
}

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  if (!m) throw new Error('no Content-Security-Policy <meta> in the page');
  return m[1].replace(/&quot;/g, '"');
}

// ---------------------------------------------------------------------------------------------
// Content-Security-Policy
// ---------------------------------------------------------------------------------------------

test('the page ships a CSP that allows wasm but not eval, and runs under it', async ({ page, request }) => {
  const csp = cspOf(await (await request.get('/')).text());
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
  expect(csp).toMatch(/(^|; )connect-src 'self'(;|$)/);
  expect(csp).toMatch(/(^|; )object-src 'none'(;|$)/);
  expect(csp).toMatch(/(^|; )worker-src 'self'(;|$)/);
  expect(csp.match(/script-src [^;]*/)?.[0]).not.toContain("'unsafe-inline'");

  await recordCspViolations(page);
  const problems = watch(page, (u) => u.startsWith(`${APP}/`));
  await page.goto('/#p=05-sequential-await-vs-join');
  await loaded(page);
  await page.getByTestId('btn-end').click();
  await expect(appIn(page)).toHaveAttribute('data-at-end', 'true');
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
  expect(problems).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// The single-file page
// ---------------------------------------------------------------------------------------------

test('the single-file page plays a program from file:// without a single request', async ({ page }) => {
  const url = built('dist-single/asyncviz.html');
  await recordCspViolations(page);
  const problems = watch(page, (u) => u === url || u.startsWith('data:'));
  await page.goto(`${url}#p=05-sequential-await-vs-join`);
  await loaded(page);
  await expect(appIn(page)).toHaveAttribute('data-program', '05-sequential-await-vs-join');
  await page.getByTestId('btn-play').click();
  await expect.poll(async () => Number(await appIn(page).getAttribute('data-step'))).toBeGreaterThan(0);
  await page.getByTestId('btn-end').click();
  await expect(page.getByTestId('output')).toContainText('joined A B');
  const csp = cspOf(await page.content());
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
  expect(problems).toEqual([]);
});

const HELLO = '#[tokio::main]\nasync fn main() {\n    tokio::task::yield_now().await;\n    println!("hello from the worker");\n}\n';

test('the single-file page runs a linked program in its interpreter worker from file://', async ({ page }) => {
  const url = built('dist-single/asyncviz.html');
  await recordCspViolations(page);
  // The worker starts from a blob: URL the page makes from its own data blocks.
  const problems = watch(page, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
  await page.goto(`${url}#c=${encodeCode(HELLO)}`);
  await expect(appIn(page)).toHaveAttribute('data-program', 'custom', { timeout: 20_000 });
  await expect(appIn(page)).toHaveAttribute('data-running-link', 'false');
  await page.getByTestId('btn-end').click();
  await expect(appIn(page)).toHaveAttribute('data-at-end', 'true');
  await expect(page.getByTestId('output')).toContainText('hello from the worker');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
  expect(problems).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Sub-path hosting
// ---------------------------------------------------------------------------------------------

test.describe('built with --public-url /some/path/', () => {
  let server: ChildProcess;
  let BASE = '';
  test.beforeAll(async () => {
    ({ child: server, base: BASE } = await serve('dist-subpath', '/some/path/'));
    expect(BASE).toMatch(/\/some\/path\/$/);
  });
  test.afterAll(() => {
    server?.kill();
  });

  test('loads and plays under that path, asking for nothing outside it', async ({ page }) => {
    await recordCspViolations(page);
    const problems = watch(page, (u) => u.startsWith(BASE));
    await page.goto(`${BASE}#p=09-select-race`);
    await loaded(page);
    await expect(appIn(page)).toHaveAttribute('data-program', '09-select-race');
    await page.getByTestId('btn-play').click();
    await expect.poll(async () => Number(await appIn(page).getAttribute('data-step'))).toBeGreaterThan(0);
    await page.getByTestId('btn-end').click();
    await expect(appIn(page)).toHaveAttribute('data-at-end', 'true');
    expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("starts the interpreter's worker from under that path", async ({ page }) => {
    await recordCspViolations(page);
    const problems = watch(page, (u) => u.startsWith(BASE));
    const worker = page.waitForEvent('worker');
    await page.goto(`${BASE}#c=${encodeCode(HELLO)}`);
    expect((await worker).url()).toBe(`${BASE}asyncviz-worker_loader.js`);
    await expect(appIn(page)).toHaveAttribute('data-program', 'custom');
    await page.getByTestId('btn-end').click();
    await expect(page.getByTestId('output')).toContainText('hello from the worker');
    expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The link contract in the page
// ---------------------------------------------------------------------------------------------

test.describe('link parameters', () => {
  test('a corrupt or truncated link opens a working default with a clear message', async ({ page }) => {
    const problems = watch(page, (u) => u.startsWith(`${APP}/`));
    const c = encodeCode('#[tokio::main]\nasync fn main() {\n    println!("hi");\n}\n');
    for (const hash of [`#c=${c.slice(0, c.length / 2)}&s=3`, '#p=%E2%82&s=%zz', '#s=99999999999999999999999&theme=sepia']) {
      await page.goto('about:blank');
      await page.goto(`/${hash}`);
      await loaded(page);
      await expect(page.getByTestId('notice').first()).toBeVisible();
      await page.getByTestId('btn-end').click();
      await expect(appIn(page)).toHaveAttribute('data-at-end', 'true');
    }
    await expect(page.getByTestId('notice').first()).toContainText('theme');
    expect(problems).toEqual([]);
  });

  test('play, speed, theme and panels are read from the link', async ({ page }) => {
    await page.goto('/#p=05-sequential-await-vs-join&play=1&speed=2&theme=dark&panels=timeline,output&v=1');
    await loaded(page);
    await expect(appIn(page)).toHaveAttribute('data-playing', 'true');
    await expect(page.getByTestId('speed')).toHaveValue('3');
    await expect(appIn(page)).toHaveAttribute('data-theme-name', 'dark');
    await expect(page.getByTestId('timeline')).toBeVisible();
    await expect(page.getByTestId('output')).toBeVisible();
    await expect(page.getByTestId('code')).toHaveCount(0);
    await expect(page.getByTestId('narration')).toHaveCount(0);
  });

  test('a program in the link (c=) is shown and run', async ({ page }) => {
    const code = '#[tokio::main]\nasync fn main() {\n    println!("from the link");\n}\n';
    await page.goto(`/#c=${encodeCode(code)}&v=1`);
    await loaded(page);
    await expect(page.getByTestId('code')).toContainText('println!("from the link");');
    await page.getByTestId('btn-end').click();
    await expect(page.getByTestId('output')).toContainText('from the link');
    await expect(page.getByTestId('notice')).toHaveCount(0);
  });
});

// ---------------------------------------------------------------------------------------------
// XSS: program text, output and link parameters are text, always
// ---------------------------------------------------------------------------------------------

test.describe('XSS payloads are shown as text', () => {
  test('in the program and its output (c=)', async ({ page }) => {
    const problems = watch(page, (u) => u.startsWith(`${APP}/`) && !u.endsWith('/x'));
    const code = `// ${PAYLOAD}\n#[tokio::main]\nasync fn main() {\n    println!("${PAYLOAD}");\n}\n`;
    await page.goto(`/#c=${encodeCode(code)}`);
    await loaded(page);
    await expect(page.getByTestId('code')).toContainText(PAYLOAD);
    await page.getByTestId('btn-end').click();
    await expect(page.getByTestId('output')).toContainText(PAYLOAD);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test('in every link parameter', async ({ page }) => {
    const problems = watch(page, (u) => u.startsWith(`${APP}/`) && !u.endsWith('/x'));
    const p = encodeURIComponent(PAYLOAD);
    await page.goto(`/#p=${p}&s=${p}&play=${p}&speed=${p}&theme=${p}&embed=${p}&panels=${p}&v=${p}&${p}=${p}`);
    await loaded(page);
    await expect(page.getByText(PAYLOAD).first()).toBeVisible();
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Embedded in a plain HTML page (another origin)
// ---------------------------------------------------------------------------------------------

test.describe('embedded in a plain HTML page', () => {
  let server: ChildProcess;
  let HOST = '';
  test.beforeAll(async () => {
    ({ child: server, base: HOST } = await serve('tests/browser/fixtures'));
  });
  test.afterAll(() => {
    server?.kill();
  });

  async function openHost(page: Page) {
    await page.setViewportSize({ width: 900, height: 800 });
    await page.goto(`${HOST}embed.html`);
    await pointAtApp(page);
    const frame = page.frameLocator('#widget');
    await loaded(frame);
    return frame;
  }

  /** Whether the document in the frame fits it without scrolling. */
  async function fits(page: Page) {
    const frame = page.frame({ url: (u) => u.href.startsWith(`${APP}/`) });
    if (!frame) throw new Error('no AsyncViz frame');
    return frame.evaluate(() => {
      const d = document.scrollingElement ?? document.documentElement;
      return { scrollsY: d.scrollHeight > innerHeight + 1, scrollsX: d.scrollWidth > innerWidth + 1 };
    });
  }

  test('fits a 700x450 frame and follows it when it resizes', async ({ page }) => {
    const frame = await openHost(page);
    await expect(appIn(frame)).toHaveAttribute('data-program', '05-sequential-await-vs-join');
    await frame.getByTestId('btn-forward').click();
    await frame.getByTestId('btn-next-poll').click();
    await frame.getByTestId('btn-next-poll').click();
    await shoot(page, 'embed-plain-page.png', { fullPage: true });
    expect(await fits(page)).toEqual({ scrollsY: false, scrollsX: false });
    await page.locator('#frame').evaluate((el) => (el.style.width = '520px'));
    await page.locator('#widget').evaluate((el) => el.setAttribute('height', '380'));
    await expect.poll(() => fits(page)).toEqual({ scrollsY: false, scrollsX: false });
  });

  test('keys reach the widget only while it has focus, and are never taken from the host', async ({ page }) => {
    const frame = await openHost(page);
    await page.locator('#notes').click();
    for (const key of ['End', 'Space', 'k', 'ArrowRight']) await page.keyboard.press(key);
    expect(await page.evaluate(() => (window as any).hostKeys)).toEqual(['End', ' ', 'k', 'ArrowRight']);
    await expect(appIn(frame)).toHaveAttribute('data-step', '0');
    await expect(appIn(frame)).toHaveAttribute('data-playing', 'false');
    // Focus the widget the way a reader does: click a quiet part of it.
    await frame.getByTestId('narration').click();
    await page.keyboard.press('End');
    await expect(appIn(frame)).toHaveAttribute('data-at-end', 'true');
    expect(await page.evaluate(() => (window as any).hostKeys)).toEqual(['End', ' ', 'k', 'ArrowRight']);
  });

  test('reveal.js slide:stop pauses and slide:start resumes; other messages do nothing', async ({ page }) => {
    const frame = await openHost(page);
    const post = (data: unknown) =>
      page.evaluate((d) => (document.getElementById('widget') as HTMLIFrameElement).contentWindow!.postMessage(d, '*'), data);
    await frame.getByTestId('btn-play').click();
    await expect(appIn(frame)).toHaveAttribute('data-playing', 'true');

    // Wrong shapes from the right window and origin.
    for (const bad of ['slide:stop ', 'SLIDE:STOP', { method: 'slide:stop' }, ['slide:stop'], 1]) await post(bad);
    // The right shape from the host's origin but not from the parent window (a sibling frame).
    await page.evaluate(() => {
      const sibling = document.createElement('iframe');
      sibling.srcdoc = '<script>parent.frames[0].postMessage("slide:stop", "*")<\/script>';
      document.body.append(sibling);
    });
    // The right shape from an opaque origin (a sandboxed sibling).
    await page.evaluate(() => {
      const sibling = document.createElement('iframe');
      sibling.setAttribute('sandbox', 'allow-scripts');
      sibling.srcdoc = '<script>parent.frames[0].postMessage("slide:stop", "*")<\/script>';
      document.body.append(sibling);
    });
    await expect(appIn(frame)).toHaveAttribute('data-playing', 'true');

    await post('slide:stop');
    await expect(appIn(frame)).toHaveAttribute('data-playing', 'false');
    const stoppedAt = await appIn(frame).getAttribute('data-step');
    await post('slide:start');
    await expect(appIn(frame)).toHaveAttribute('data-playing', 'true');
    await expect.poll(async () => appIn(frame).getAttribute('data-step')).not.toBe(stoppedAt);
  });

  test('the Embed button writes a ready-to-paste iframe snippet', async ({ page }) => {
    const frame = await openHost(page);
    await frame.getByTestId('embed-button').click();
    const snippet = await frame.getByTestId('embed-snippet').inputValue();
    expect(snippet.startsWith(`<iframe src="${APP}/#p=05-sequential-await-vs-join&amp;`)).toBe(true);
    expect(snippet).toMatch(/^<iframe src="[^"]*embed=1[^"]*" /);
    expect(snippet).toMatch(/ title="[^"]+"/);
    expect(snippet).toContain('loading="lazy"');
    expect(snippet).toMatch(/ height="\d+"/);
  });
});

// ---------------------------------------------------------------------------------------------
// The sample book, opened from disk
// ---------------------------------------------------------------------------------------------

test.describe('the sample mdBook from file://', () => {
  const chapter = () => built('tests/book/book/await-vs-join.html');

  test('two widgets on one page play independently', async ({ page }) => {
    await page.setViewportSize({ width: 1200, height: 1300 });
    // The widgets' programs come in the link (c=), so each starts the interpreter's worker from
    // a blob: URL its single-file page makes: a URL of the page itself, not a request out.
    const problems = watch(page, (u) => u.startsWith('file://') || u.startsWith('data:') || u.startsWith('blob:'));
    await page.goto(chapter());
    const widgets = page.locator('.asyncviz-embed iframe');
    await expect(widgets).toHaveCount(2);
    const [a, b] = [page.frameLocator('.asyncviz-embed iframe >> nth=0'), page.frameLocator('.asyncviz-embed iframe >> nth=1')];
    await loaded(a);
    await loaded(b);

    await a.getByTestId('btn-end').click();
    await expect(appIn(a)).toHaveAttribute('data-at-end', 'true');
    await expect(appIn(b)).toHaveAttribute('data-step', '0');
    await b.getByTestId('btn-forward').click();
    await b.getByTestId('btn-forward').click();
    await expect(appIn(b)).toHaveAttribute('data-step', '2');
    await expect(appIn(a)).toHaveAttribute('data-at-end', 'true');
    await b.getByTestId('btn-play').click();
    await expect(appIn(b)).toHaveAttribute('data-playing', 'true');
    await expect(appIn(a)).toHaveAttribute('data-playing', 'false');
    await b.getByTestId('btn-play').click();
    await expect(appIn(b)).toHaveAttribute('data-playing', 'false');
    await shoot(page, 'embed-mdbook.png');
    expect(problems).toEqual([]);

    // Each shows the program in its own block.
    await expect(a.getByTestId('code')).toContainText('step("B", 1000, start).await;');
    await expect(b.getByTestId('code')).toContainText('tokio::join!(step("A", 1000, start), step("B", 1000, start));');
  });

  test('the widgets follow the book theme without losing their step', async ({ page }) => {
    await page.goto(chapter());
    const widgets = page.locator('.asyncviz-embed iframe');
    await expect(widgets.first()).toHaveAttribute('src', /[#&]theme=light(&|$)/);
    const a = page.frameLocator('.asyncviz-embed iframe >> nth=0');
    await loaded(a);
    await a.getByTestId('btn-forward').click();
    await a.getByTestId('btn-forward').click();
    await a.getByTestId('btn-forward').click();
    await expect(appIn(a)).toHaveAttribute('data-step', '3');

    await page.locator('#mdbook-theme-toggle').click();
    await page.locator('#mdbook-theme-navy').click();
    await expect(widgets.first()).toHaveAttribute('src', /[#&]theme=dark(&|$)/);
    await expect(widgets.nth(1)).toHaveAttribute('src', /[#&]theme=dark(&|$)/);
    await expect(appIn(a)).toHaveAttribute('data-theme-name', 'dark');
    await expect(appIn(a)).toHaveAttribute('data-step', '3');
    await shoot(page, 'embed-mdbook-navy.png');
  });

  test('chapters in folders and the print page load the app from the right place', async ({ page }) => {
    await page.goto(built('tests/book/book/part/builtin.html'));
    const frame = page.frameLocator('.asyncviz-embed iframe');
    await loaded(frame);
    await expect(appIn(frame)).toHaveAttribute('data-program', '07-spawn-without-join');
    await expect(appIn(frame)).toHaveAttribute('data-step', '5');

    await page.goto(built('tests/book/book/print.html'));
    const srcs = await page.locator('.asyncviz-embed iframe').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
    expect(srcs).toHaveLength(3);
    for (const src of srcs) expect(src).toMatch(/^asyncviz\/index\.html#/);
  });
});
