// Visualizer benchmark: first paint and frame time while scrubbing synthetic traces of 1k, 10k
// and 100k events in headless Chromium, plus the gzip size of what the page downloads.
//
// Usage (after `trunk build --release --offline`):  node tests/browser/bench.mjs [dist] [port]
// (it also serves the floor page on port + 1)
//
// It serves dist/ itself (tests/browser/serve.mjs), opens `/?bench=N` (the page then shows a
// generated trace of about N events instead of a built-in program) and measures:
//   * first paint: the page's `asyncviz-first-paint` performance mark (the timeline canvas drawn
//     for the first time), in ms since navigation start; then `asyncviz-first-frame`, the start of
//     the next animation frame, once the browser has laid out, painted and handed over the frame
//     with the picture; "shown", the render time the browser reports (Element Timing) for the
//     narration's sentence, which is drawn in that same frame: when the frame was on screen, so
//     when a reader could first see the page; "all panels", the same for the code card's title,
//     which mounts with the other panels in a task right after that frame: when the whole page was
//     on screen; and the browser's first-contentful-paint, which is the loading screen's when that
//     gets painted first;
//   * frame time while scrubbing: 200 slider moves across the whole run; each sample is the
//     main-thread time from the `input` event to the end of Yew's render, the canvas redraw, the
//     frame's style, layout and paint, and a forced layout pass: everything the main thread does
//     for the frame (rasterising the page happens on other threads);
//     while the slider is dragged, a frame with a move draws the playback bar and the timeline,
//     and the other panels on screen (at 1280x800 the code and the narration) follow in the next
//     frame without a move;
//   * those catch-up frames: 60 more moves, each held still until every panel on screen shows
//     its step; each sample is the main-thread time of one frame that brought panels up to date,
//     from the frame's timestamp to the end of its paint (tests/browser/bench-lib.mjs `settle`);
//   * the scrub again with the timeline zoomed out to show the whole run (the most bars per frame);
//   * inside that, the wasm time to compute the step's state and to redraw the canvas (the page
//     exposes both as window.__asyncvizComputeMs and __asyncvizPaintMs).
// First paint figures are medians of PAINT_LOADS page loads; scrub figures come from the first
// RUNS of them, and their p95 is over all samples. Nothing here asserts a time:
// it prints numbers for BENCHMARKS.md.
//
// The baseline, measured in the same run with the same harness: tests/browser/fixtures/
// bench-floor.html, a page of plain JavaScript that does the least any scrub frame must do (move
// the slider, write the step and a sentence, redraw a canvas of bars) and draws its canvas at the
// first animation frame. Its figures are what this browser on this machine costs with no wasm,
// no Yew and no panels; the page's are given as ratios to them.
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { assertReleaseBuild, CHROMIUM, pct, scrub, serve, settle, shownAt } from './bench-lib.mjs';

const dist = process.argv[2] ?? 'dist';
const port = Number(process.argv[3] ?? 4174);
const SIZES = [1_000, 10_000, 100_000];
const RUNS = 3;
// First paint varies by ±50 ms from load to load on a 2-core machine, so it gets more loads than
// the scrubs (which take 400 samples from each load); the first RUNS loads are also scrubbed.
const PAINT_LOADS = 9;
const MOVES = 200;
// Moves after which the slider is held still until the panels catch up (the page only).
const SETTLES = 60;
const base = `http://127.0.0.1:${port}`;

try {
  assertReleaseBuild(dist);
} catch (e) {
  console.error(e.message);
  process.exit(2);
}

const server = await serve(dist, port);
const floorServer = await serve('tests/browser/fixtures', port + 1);
const floorBase = `http://127.0.0.1:${port + 1}/bench-floor.html`;

const browser = await chromium.launch(CHROMIUM);
const median = (xs) => pct(xs, 50);

// Opens `url` RUNS times and measures first paint and two scrubs in each.
async function measure(url, n) {
  const paints = [];
  const frames = [];
  const shown = [];
  const panels = [];
  const fcps = [];
  const follow = [];
  const rest = [];
  const fit = [];
  const compute = [];
  const canvas = [];
  const phases = [];
  let events = 0;
  let lanes = 0;
  for (let run = 0; run < PAINT_LOADS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${url}?bench=${n}`);
    await page.waitForFunction(() => window.__asyncvizFirstPaint !== undefined, null, { timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0, null, { timeout: 60_000 });
    frames.push(await page.evaluate(() => performance.getEntriesByName('asyncviz-first-frame')[0].startTime));
    shown.push(await shownAt(page));
    if (url.startsWith(base)) panels.push(await shownAt(page, 'asyncviz-panels'));
    paints.push(await page.evaluate(() => performance.getEntriesByName('asyncviz-first-paint')[0].startTime));
    phases.push(
      await page.evaluate(() => {
        const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        return [at('asyncviz-start'), at('asyncviz-trace') - at('asyncviz-load'), at('asyncviz-layout') - at('asyncviz-trace'), at('asyncviz-replay') - at('asyncviz-layout'), at('asyncviz-first-paint') - at('asyncviz-replay')];
      }),
    );
    // The browser reports first contentful paint once the frame is presented, which can be
    // after the page's own first-frame mark.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 5_000 }).catch(() => {});
    fcps.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    events = Number(await page.getAttribute('[data-testid=app]', 'data-len'));
    lanes = Number(await page.getAttribute('[data-testid=timeline]', 'data-lanes'));
    if (run >= RUNS) {
      await context.close();
      continue;
    }
    const zoomed = await scrub(page, MOVES);
    follow.push(...zoomed.samples);
    if (url.startsWith(base)) rest.push(...(await settle(page, SETTLES)).samples);
    compute.push(...zoomed.parts.map((p) => p[0]));
    canvas.push(...zoomed.parts.map((p) => p[1]));
    await page.click('[data-testid=zoom-fit]');
    const whole = await scrub(page, MOVES);
    fit.push(...whole.samples);
    compute.push(...whole.parts.map((p) => p[0]));
    canvas.push(...whole.parts.map((p) => p[1]));
    await context.close();
  }
  const phase = (i) => median(phases.map((p) => p[i]));
  return { n, events, lanes, paint: median(paints), frame: median(frames), shown: median(shown.filter((x) => !Number.isNaN(x))), panels: median(panels.filter((x) => !Number.isNaN(x))), fcp: median(fcps.filter((x) => !Number.isNaN(x))), follow, rest, fit, compute, canvas, phases: [0, 1, 2, 3, 4].map(phase) };
}

const results = [];
const floors = [];
for (const n of SIZES) {
  floors.push(await measure(floorBase, n));
  results.push(await measure(`${base}/`, n));
}
await browser.close();
server.kill();
floorServer.kill();

// What the page downloads when it opens (its HTML, which carries the style sheets and the JS
// glue since scripts/inline.mjs, and its wasm), and what it downloads only when it first needs
// the interpreter (the editor, or a link that carries code): the Web Worker's loader, JS and wasm.
const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f) || f === 'index.html');
const sizes = Object.fromEntries(
  files.map((f) => {
    const bytes = readFileSync(join(dist, f));
    return [f, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, lazy: f.startsWith('asyncviz-worker') }];
  }),
);
const total = (lazy, key) => Object.values(sizes).filter((s) => s.lazy === lazy).reduce((a, s) => a + s[key], 0);
const gzipTotal = total(false, 'gzip');
const rawTotal = total(false, 'raw');
const gzipLazy = total(true, 'gzip');
const rawLazy = total(true, 'raw');

const budget = 1000 / 60;
const base1k = results[0];
console.log(`Chromium headless, 1280x800, ${PAINT_LOADS} page loads per size for first paint, ${MOVES} slider moves per zoom in ${RUNS} of them.`);
console.log('');
console.log(`Machine load average while measuring: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (${cpus().length} cores).`);
console.log('');
console.log('| events | lanes | first paint (ms) | first frame (ms) | shown (ms) | all panels (ms) | FCP (ms) | scrub p50 / p95 (ms), zoomed | scrub p50 / p95 (ms), whole run | catch-up frame p50 / p95 (ms) | state p95 (ms) | canvas p95 (ms) | p95 vs 16.7 ms frame | p95 vs 1k |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const p95 = Math.max(pct(r.follow, 95), pct(r.fit, 95), pct(r.rest, 95));
  const p95base = Math.max(pct(base1k.follow, 95), pct(base1k.fit, 95), pct(base1k.rest, 95));
  console.log(
    `| ${r.events} | ${r.lanes} | ${r.paint.toFixed(0)} | ${r.frame.toFixed(0)} | ${r.shown.toFixed(0)} | ${r.panels.toFixed(0)} | ${r.fcp.toFixed(0)} | ${pct(r.follow, 50).toFixed(1)} / ${pct(r.follow, 95).toFixed(1)} | ${pct(r.fit, 50).toFixed(1)} / ${pct(r.fit, 95).toFixed(1)} | ${pct(r.rest, 50).toFixed(1)} / ${pct(r.rest, 95).toFixed(1)} | ${pct(r.compute, 95).toFixed(1)} | ${pct(r.canvas, 95).toFixed(1)} | ${((p95 / budget) * 100).toFixed(0)}% | ${(p95 / p95base).toFixed(2)}× |`,
  );
}
console.log('');
console.log('Against the floor page (tests/browser/fixtures/bench-floor.html, the baseline, measured in this run):');
console.log('');
console.log('| events | floor: first paint / first frame / shown (ms) | floor: scrub p50 / p95 (ms), zoomed | floor: whole run | page first paint vs floor | page first frame vs floor | page shown vs floor | page scrub p50 vs floor | page scrub p95 vs floor |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [i, f] of floors.entries()) {
  const r = results[i];
  const both = (x) => [...x.follow, ...x.fit];
  console.log(
    `| ${r.events} | ${f.paint.toFixed(0)} / ${f.frame.toFixed(0)} / ${f.shown.toFixed(0)} | ${pct(f.follow, 50).toFixed(1)} / ${pct(f.follow, 95).toFixed(1)} | ${pct(f.fit, 50).toFixed(1)} / ${pct(f.fit, 95).toFixed(1)} | ${(r.paint / f.paint).toFixed(2)}× | ${(r.frame / f.frame).toFixed(2)}× | ${(r.shown / f.shown).toFixed(2)}× | ${(pct(both(r), 50) / pct(both(f), 50)).toFixed(2)}× | ${(pct(both(r), 95) / pct(both(f), 95)).toFixed(2)}× |`,
  );
}
console.log('');
console.log('First paint, where the time goes (ms, medians): wasm started | trace made | indexed and laid out | replay checkpoints | first render and canvas');
for (const r of results) console.log(`  ${r.events} events: ${r.phases.map((x) => x.toFixed(0)).join(' | ')}`);
console.log('');
console.log(`Download when the page opens: ${(gzipTotal / 1024).toFixed(1)} KiB gzip (${(gzipTotal / 1000).toFixed(1)} kB; ${(rawTotal / 1024).toFixed(1)} KiB raw) for html (with the css and the js glue) + wasm:`);
for (const [f, s] of Object.entries(sizes).filter(([, s]) => !s.lazy)) {
  console.log(`  ${f}: ${(s.raw / 1024).toFixed(1)} KiB raw, ${(s.gzip / 1024).toFixed(1)} KiB gzip`);
}
console.log(`Downloaded on first use of the interpreter (editor, or a link with code): ${(gzipLazy / 1024).toFixed(1)} KiB gzip (${(rawLazy / 1024).toFixed(1)} KiB raw):`);
for (const [f, s] of Object.entries(sizes).filter(([, s]) => s.lazy)) {
  console.log(`  ${f}: ${(s.raw / 1024).toFixed(1)} KiB raw, ${(s.gzip / 1024).toFixed(1)} KiB gzip`);
}
