// What bench.mjs and bench-experiments.mjs share: the browser, the build check, the server, the
// slider moves they time, and percentiles.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Chromium's flags for every benchmark (as in playwright.config.ts). The last keeps headless
 * Chromium from loading its omnibox popup pages (`chrome://omnibox-popup.top-chrome/` and its AI
 * Mode page) in a renderer of their own for every new browser context, which is about 0.3 s of
 * CPU at the same time as each page load the benchmarks make (each in a new context, so every
 * load is cold). A reader's browser loads them with its window, not with each page
 * (`bench-experiments.mjs omnibox` measures what they cost).
 */
export const QUIET_BROWSER_UI = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup';
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', QUIET_BROWSER_UI],
};

/** The `p`th percentile of `xs`. */
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * Throws unless `dist` holds a release build. `trunk serve` (`./x serve`) writes a development
 * build into dist/ too, and measuring it would measure unoptimised wasm; such a build has no CSP
 * (scripts/csp.mjs skips it), so that tells it.
 */
export function assertReleaseBuild(dist) {
  if (!readFileSync(join(dist, 'index.html'), 'utf8').includes('http-equiv="Content-Security-Policy"')) {
    throw new Error(`${dist}/index.html is not a release build (\`./x serve\` leaves a development build there): run \`trunk build --release --offline\` first`);
  }
}

/** Serves `root` with tests/browser/serve.mjs on `port`; resolves to the server process once it listens. */
export async function serve(root, port) {
  const server = spawn(process.execPath, ['tests/browser/serve.mjs', root, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  return server;
}

/**
 * When the page's first frame was on screen ("shown"): the render time the browser reports
 * (Element Timing) for the narration's sentence, which is drawn in the same frame as the
 * timeline's first picture. With `identifier` `'asyncviz-panels'` (the code card's title, which
 * mounts with the other panels right after that frame), when the whole page was on screen. NaN if
 * the browser reports none within `timeoutMs` (the floor page, and builds before `4419f86`, have
 * no such title).
 */
export function shownAt(page, identifier = 'asyncviz-narration', timeoutMs = 5_000) {
  return page.evaluate(
    ([identifier, timeoutMs]) =>
      new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const entry = list.getEntries().find((e) => e.identifier === identifier);
          if (entry) resolve(entry.renderTime);
        }).observe({ type: 'element', buffered: true });
        setTimeout(() => resolve(NaN), timeoutMs);
      }),
    [identifier, timeoutMs],
  );
}

/**
 * Moves the page's slider `moves` times and returns each move's main-thread time in ms
 * (`samples`), with the page's own state and canvas times for it (`parts`). The moves jump across
 * the run in a fixed order that repeats every `period` moves (each lands 40-60% of the run away):
 * every move shows a new part of the run, so no cache of the last picture helps.
 */
export function scrub(page, moves, period = moves) {
  return page.evaluate(
    async ([moves, period]) => {
      const slider = document.querySelector('[data-testid=scrubber]');
      const len = Number(slider.max);
      const channel = new MessageChannel();
      const macrotask = () =>
        new Promise((resolve) => {
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(0);
        });
      const samples = [];
      const parts = [];
      for (let i = 1; i <= moves; i++) {
        const step = Math.round((((i * 7919) % period) / period) * len);
        const t0 = performance.now();
        slider.value = String(step);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await macrotask(); // Yew renders in a microtask; the canvas draws in its effect.
        document.body.getBoundingClientRect(); // style and layout for the frame
        samples.push(performance.now() - t0);
        parts.push([window.__asyncvizComputeMs ?? 0, window.__asyncvizPaintMs ?? 0]);
        await new Promise((r) => requestAnimationFrame(() => r()));
      }
      return { samples, parts };
    },
    [moves, period],
  );
}

/**
 * The frames in which the panels catch up: while the slider is dragged, a frame with a move
 * draws the playback bar and the timeline, and the frames without one bring the panels on screen
 * up to date (the code and the narration first, then the panels below the timeline one per
 * frame; `use_panel_turns` in the page). Moves the slider `moves` times as `scrub` does, each
 * time in a frame's animation callbacks (where the browser delivers a hand's moves), then holds
 * it still until every panel on screen shows the new step (the page's `__asyncvizBehind` is 0).
 * Returns the main-thread time of each frame from the one that brought the narration to the
 * last, in ms: from the frame's own timestamp (its vsync, at or before the start of its work) to
 * the end of its style, layout and paint (`samples`).
 */
export function settle(page, moves) {
  return page.evaluate(async (moves) => {
    const slider = document.querySelector('[data-testid=scrubber]');
    const badge = document.querySelector('.narration-step');
    const len = Number(slider.max);
    const channel = new MessageChannel();
    const macrotask = () =>
      new Promise((resolve) => {
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(0);
      });
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const samples = [];
    for (let i = 1; i <= moves; i++) {
      await frame();
      const step = Math.round((((i * 7919) % moves) / moves) * len);
      slider.value = String(step);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await macrotask();
      let caught = false;
      for (let f = 0; f < 12; f++) {
        const start = await frame();
        await macrotask();
        document.body.getBoundingClientRect();
        caught ||= badge.textContent === `#${step}`;
        if (caught) samples.push(performance.now() - start);
        if (caught && window.__asyncvizBehind === 0) break;
      }
    }
    return { samples };
  }, moves);
}
