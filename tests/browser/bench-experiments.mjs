// Experiments behind the analysis in BENCHMARKS.md ("Visualizer page" and the sections under it).
// Like bench.mjs they print figures and assert nothing.
//
//   node tests/browser/bench-experiments.mjs first-paint <distA> <distB> [loads=7] [path=/?bench=100000]
//       Opens `path` (e.g. `/#p=07-spawn-without-join&s=41` for a built-in program at a step)
//       from two builds in turn, `loads` times each, and prints for every load when the wasm
//       started, when the timeline was first drawn, the first frame, when it was shown and when
//       all panels were (bench.mjs's measures, ms since navigation; NaN for a build whose panels
//       do not report it), then the medians: an A/B comparison of two builds under the same load.
//   node tests/browser/bench-experiments.mjs warm <dist>
//       600 slider moves in a row on one page at 100k, zoomed in, with p50/p95 for moves 1-40,
//       41-200, 1-200, 201-400 and 401-600: whether slow frames are a warm-up cost.
//   node tests/browser/bench-experiments.mjs hide <dist>
//       The same 200 moves as bench.mjs (zoomed in, 100k) with parts of the page hidden by a style
//       set after the first paint, to see what each part costs per frame.
//
//   node tests/browser/bench-experiments.mjs frames <dist>
//       The same 200 moves under a Chromium trace, with the main thread's time per move split into
//       script, style, layout, pre-paint, paint and layerize, for the median moves and the slowest.
//   node tests/browser/bench-experiments.mjs font <dist>
//       What setting the timeline canvas's font costs: within one task, after a DOM change, and
//       the first time in a new task after a frame.
//   node tests/browser/bench-experiments.mjs threads <dist>
//       The CPU time each browser thread spends per slider move (200 moves at 100k, zoomed in),
//       for the page and for the floor page (tests/browser/fixtures/bench-floor.html), read from
//       Linux's /proc/<pid>/task/<tid>/schedstat: the renderer's main thread, its compositor and
//       raster threads, and the GPU process's display compositor (software, `--disable-gpu`).
//   node tests/browser/bench-experiments.mjs tiers <dist> [moves]
//       Which wasm functions V8 recompiles in its optimizing tier (TurboFan) while the page opens
//       `/?bench=100000` and in the second after its first paint, from Chromium's
//       `--js-flags=--trace-wasm-compilation-times`: the total compile time and the largest, by
//       function index and body size in bytes (`hot.rs` in asyncviz-timeline says why it matters).
//       With `moves`, the same for that many slider moves after it (as bench.mjs's, zoomed in),
//       split into moves 1-40 and the rest.
//   node tests/browser/bench-experiments.mjs selftime <dist>
//       The renderer main thread's CPU per slider move (100 moves at 100k, zoomed in, after 100
//       unmeasured ones), split by the Chromium trace event that spent it (self time, thread
//       clock): what the page's script, Blink's lifecycle phases and the canvas cost.
//   node tests/browser/bench-experiments.mjs warmup <dist> [loads=5]
//       Why the first slider moves after a load are the slow ones: bench.mjs's zoomed-in scrub
//       (200 moves at 100k) in loads taking turns between three conditions: as bench.mjs does
//       (scrubbing once the first frame is up), after a 3 s wait, and in a browser whose V8
//       compiles every wasm function with its optimizing tier when the module loads
//       (`--no-wasm-dynamic-tiering`, so nothing is recompiled while scrubbing). For each:
//       p50 and p95 over moves 1-40 and 41-200, and the renderer main thread's CPU, time waiting
//       for a core and page faults per move in each part (Linux's /proc/<pid>/task/<tid>/stat
//       and schedstat).
//   node tests/browser/bench-experiments.mjs omnibox <dist> [loads=9]
//       What headless Chromium's omnibox popup pages cost the page: loads of `/?bench=100000`
//       taking turns in a browser that loads those pages for every new context (without
//       QUIET_BROWSER_UI from bench-lib.mjs) and in one that does not, each load in a new context
//       as in bench.mjs; prints first paint and first frame for each, and the zoomed-in scrub of
//       bench.mjs (200 moves) in the first three loads of each.
//
//   node tests/browser/bench-experiments.mjs scrub-ab <distA> <distB> [WxH=1280x800] [events=100000] [loads=4]
//       bench.mjs's two scrubs (200 moves zoomed in, then 200 over the whole run) on
//       `/?bench=<events>` in a viewport of W x H CSS pixels, in loads taking turns between two
//       builds: p50 / p95 of each scrub, and p95 of moves 1-40 and 41-200 of the zoomed-in one.
//       A taller screen than bench.mjs's puts the panels below the timeline on screen.
//   node tests/browser/bench-experiments.mjs cpu-ab <distA> <distB> [loads=5] [WxH=1280x800]
//       The renderer main thread's CPU per slider move (thread time of its top-level tasks in a
//       Chromium trace) for bench.mjs's zoomed-in scrub at 100k, 120 traced moves after 60
//       untraced ones, in loads taking turns between two builds: per load and the median. Wall
//       times vary with what else the machine runs; a thread's CPU time much less.
//   node tests/browser/bench-experiments.mjs settle-ab <distA> <distB> [events=1000] [loads=3] [WxH=1280x800]
//       In loads taking turns between two builds: bench.mjs's zoomed-in scrub (200 moves) and
//       then its catch-up frames (bench-lib.mjs `settle`, 60 moves): p50 / p95 of each. Builds
//       before c9e3d56 expose no `__asyncvizBehind`, so only their frame that brings the
//       narration can be told apart; compare those with `settle`'s first frame per move.
//
// Each serves its folder(s) with tests/browser/serve.mjs on ports 4177 and 4178.
import { chromium } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertReleaseBuild, CHROMIUM, pct, QUIET_BROWSER_UI, scrub, serve, settle, shownAt } from './bench-lib.mjs';

const [mode, ...args] = process.argv.slice(2);
// Every build measured here must be a release build.
async function serveBuild(dist, port) {
  assertReleaseBuild(dist);
  return serve(dist, port);
}

async function open(browser, url, size = '1280x800') {
  const [width, height] = size.split('x').map(Number);
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__asyncvizFirstPaint !== undefined, null, { timeout: 60_000 });
  return { context, page };
}

const browser = await chromium.launch(CHROMIUM);
const servers = [];
try {
  if (mode === 'first-paint') {
    const [a, b, loads = '7', path = '/?bench=100000'] = args;
    servers.push(await serveBuild(a, 4177), await serveBuild(b, 4178));
    const got = { A: [], B: [] };
    const names = ['wasm started', 'first paint', 'first frame', 'shown', 'all panels'];
    for (let i = 0; i < Number(loads); i++) {
      for (const [name, port] of [['A', 4177], ['B', 4178]]) {
        const { context, page } = await open(browser, `http://127.0.0.1:${port}${path}`);
        await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0, null, { timeout: 60_000 });
        const marks = await page.evaluate(() => ['asyncviz-start', 'asyncviz-first-paint', 'asyncviz-first-frame'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN));
        marks.push(await shownAt(page));
        marks.push(await shownAt(page, 'asyncviz-panels', 2_000));
        got[name].push(marks);
        console.log(`${name} load ${i + 1}: ${names.map((n, j) => `${n} ${marks[j].toFixed(0)}`).join(', ')} ms`);
        await context.close();
      }
    }
    for (const name of ['A', 'B']) {
      const medians = names.map((n, j) => `${n} ${pct(got[name].map((x) => x[j]), 50).toFixed(0)}`);
      console.log(`${name} (${name === 'A' ? a : b}), medians: ${medians.join(', ')} ms`);
    }
  } else if (mode === 'warm') {
    servers.push(await serveBuild(args[0], 4177));
    const { context, page } = await open(browser, 'http://127.0.0.1:4177/?bench=100000');
    await page.waitForTimeout(1500);
    const s = (await scrub(page, 600, 200)).samples;
    for (const [from, to] of [[0, 40], [40, 200], [0, 200], [200, 400], [400, 600]]) {
      const part = s.slice(from, to);
      console.log(`moves ${from + 1}-${to}: p50 ${pct(part, 50).toFixed(1)} ms, p95 ${pct(part, 95).toFixed(1)} ms`);
    }
    await context.close();
  } else if (mode === 'hide') {
    servers.push(await serveBuild(args[0], 4177));
    const variants = {
      'nothing hidden': null,
      'timeline canvas (visibility)': { sel: '.timeline-canvas', prop: 'visibility', value: 'hidden' },
      'code (visibility)': { sel: '.area-code', prop: 'visibility', value: 'hidden' },
      'everything below the playback bar (visibility)': { sel: '.layout', prop: 'visibility', value: 'hidden' },
      'narration (display: none)': { sel: '.narration', prop: 'display', value: 'none' },
      'all but the timeline (display: none)': { sel: '.layout > :not(.area-timeline), .narration', prop: 'display', value: 'none' },
    };
    for (const [name, hide] of Object.entries(variants)) {
      const { context, page } = await open(browser, 'http://127.0.0.1:4177/?bench=100000');
      // Through the CSSOM: the page's CSP allows no injected style sheet.
      if (hide) await page.evaluate(({ sel, prop, value }) => document.querySelectorAll(sel).forEach((e) => e.style.setProperty(prop, value)), hide);
      await page.waitForTimeout(1500);
      const { samples: s } = await scrub(page, 200);
      console.log(`${name}: p50 ${pct(s, 50).toFixed(1)} ms, p95 ${pct(s, 95).toFixed(1)} ms`);
      await context.close();
    }
  } else if (mode === 'frames') {
    servers.push(await serveBuild(args[0], 4177));
    const { context, page } = await open(browser, 'http://127.0.0.1:4177/?bench=100000');
    await page.waitForTimeout(1500);
    const dir = mkdtempSync(join(tmpdir(), 'asyncviz-trace-'));
    const file = join(dir, 'trace.json');
    await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'blink.user_timing'] });
    // Marks around each move, so the trace can be cut into moves.
    await page.evaluate(() => {
      const slider = document.querySelector('[data-testid=scrubber]');
      let i = 0;
      slider.addEventListener('input', () => performance.mark(`move-${++i}`), { capture: true });
    });
    const { samples } = await scrub(page, 200);
    await browser.stopTracing();
    const events = JSON.parse(readFileSync(file, 'utf8'));
    rmSync(dir, { recursive: true });
    const list = events.traceEvents ?? events;
    const starts = list.filter((e) => /^move-\d+$/.test(e.name) && e.cat.includes('user_timing')).map((e) => e.ts).sort((a, b) => a - b);
    const main = list.find((e) => e.name === 'FunctionCall' && e.dur > 0)?.tid;
    const phases = { script: ['FunctionCall'], style: ['UpdateLayoutTree'], layout: ['Layout'], 'pre-paint': ['PrePaint'], paint: ['Paint'], layerize: ['Layerize'] };
    const split = (k) => {
      const [from, to] = [starts[k], starts[k + 1] ?? Infinity];
      const out = {};
      for (const [phase, names] of Object.entries(phases)) {
        const xs = list.filter((e) => e.tid === main && e.ph === 'X' && e.ts >= from && e.ts < to && names.includes(e.name));
        // Paint events nest (the document's contains its root element's): count the outermost.
        const outer = xs.filter((e) => !xs.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur));
        out[phase] = outer.reduce((a, e) => a + e.dur / 1000, 0);
      }
      return out;
    };
    const order = samples.map((ms, k) => [ms, k]).sort((a, b) => a[0] - b[0]);
    const show = ([ms, k]) => `${ms.toFixed(1)} ms: ${Object.entries(split(k)).map(([p, v]) => `${p} ${v.toFixed(1)}`).join(', ')}`;
    console.log(`p50 ${pct(samples, 50).toFixed(1)} ms, p95 ${pct(samples, 95).toFixed(1)} ms (traced, so slower than untraced)`);
    console.log('median moves:');
    for (const m of order.slice(97, 103)) console.log(`  ${show(m)}`);
    console.log('slowest moves:');
    for (const m of order.slice(-8).reverse()) console.log(`  ${show(m)}`);
    await context.close();
  } else if (mode === 'font') {
    servers.push(await serveBuild(args[0], 4177));
    const { context, page } = await open(browser, 'http://127.0.0.1:4177/?bench=100000');
    await page.waitForTimeout(1000);
    console.log(
      await page.evaluate(async () => {
        const ctx = document.querySelector('.timeline-canvas').getContext('2d');
        const fonts = ['11px system-ui, sans-serif', '600 12px system-ui, sans-serif'];
        const narration = document.querySelector('[data-testid=narration]');
        let t = performance.now();
        for (let i = 0; i < 1000; i++) ctx.font = fonts[i % 2];
        const hot = (performance.now() - t) / 1000;
        let dirty = 0;
        for (let i = 0; i < 50; i++) {
          narration.textContent = `changed ${i}`;
          t = performance.now();
          ctx.font = fonts[i % 2];
          dirty += (performance.now() - t) / 50;
        }
        let fresh = 0;
        for (let i = 0; i < 50; i++) {
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          t = performance.now();
          ctx.font = fonts[i % 2];
          fresh += (performance.now() - t) / 50;
        }
        const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
        return `a font set: ${us(hot)} within one task, ${us(dirty)} after a DOM change, ${us(fresh)} the first in a task after a frame`;
      }),
    );
    await context.close();
  } else if (mode === 'threads') {
    servers.push(await serveBuild(args[0], 4177), await serve('tests/browser/fixtures', 4178));
    // Every thread's CPU time so far (ns), by a name that says which process and thread it is.
    const cpuByThread = () => {
      const out = new Map();
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          const type = readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/--type=([a-z-]+)/)?.[1] ?? 'browser';
          for (const tid of readdirSync(`/proc/${pid}/task`)) {
            const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
            const name = `${type} ${tid === pid ? 'main' : comm.replace(/\d+$/, '')}`;
            out.set(`${pid}/${tid}`, { name, ns: Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) });
          }
        } catch {
          // The process or thread ended while being read.
        }
      }
      return out;
    };
    for (const [label, url] of [['page', 'http://127.0.0.1:4177/?bench=100000'], ['floor', 'http://127.0.0.1:4178/bench-floor.html?bench=100000']]) {
      const { context, page } = await open(browser, url);
      await page.waitForTimeout(2500);
      const before = cpuByThread();
      const { samples } = await scrub(page, 200);
      const after = cpuByThread();
      const per = {};
      for (const [key, { name, ns }] of after) per[name] = (per[name] ?? 0) + (ns - (before.get(key)?.ns ?? 0)) / 1e6 / 200;
      const top = Object.entries(per).filter(([name, ms]) => ms >= 0.05 && (name.startsWith('renderer') || /gpu-process Viz/.test(name))).sort((a, b) => b[1] - a[1]);
      console.log(`${label}: p50 ${pct(samples, 50).toFixed(1)} ms, p95 ${pct(samples, 95).toFixed(1)} ms; CPU per move: ${top.map(([n, ms]) => `${n} ${ms.toFixed(2)} ms`).join(', ')}`);
      await context.close();
    }
  } else if (mode === 'tiers') {
    servers.push(await serveBuild(args[0], 4177));
    // A browser of its own, whose output (where V8 prints) this script can read.
    const server = await chromium.launchServer({ ...CHROMIUM, args: [...CHROMIUM.args, '--js-flags=--trace-wasm-compilation-times'] });
    let out = '';
    server.process().stdout.on('data', (d) => (out += d));
    const parts = [];
    const traced = await chromium.connect(server.wsEndpoint());
    try {
      const { context, page } = await open(traced, 'http://127.0.0.1:4177/?bench=100000');
      await page.waitForTimeout(1000); // the first frame, and V8 prints when a compile finishes
      parts.push(['while the page opened', out.length]);
      // With a number of moves: the compiles during the first 40 slider moves and the rest.
      const moves = Number(args[1] ?? 0);
      if (moves > 0) {
        await scrub(page, Math.min(40, moves));
        parts.push([`during slider moves 1-${Math.min(40, moves)}`, out.length]);
        if (moves > 40) {
          await scrub(page, moves - 40);
          await page.waitForTimeout(500);
          parts.push([`during slider moves 41-${moves}`, out.length]);
        }
      }
      await context.close();
    } finally {
      await traced.close();
      await server.close();
    }
    let from = 0;
    for (const [label, to] of parts) {
      const compiles = [...out.slice(from, to).matchAll(/#(\d+) using TurboFan, took (\d+) μs.*?bodysize (\d+)/g)].map((m) => ({ index: Number(m[1]), ms: Number(m[2]) / 1000, bytes: Number(m[3]) }));
      const total = compiles.reduce((a, c) => a + c.ms, 0);
      console.log(`${compiles.length} functions recompiled by TurboFan ${label}, ${total.toFixed(0)} ms of compile time (background threads, wall time)`);
      for (const c of compiles.sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`  function #${c.index}: ${c.ms.toFixed(1)} ms, ${c.bytes} bytes of body`);
      from = to;
    }
  } else if (mode === 'selftime') {
    servers.push(await serveBuild(args[0], 4177));
    const { context, page } = await open(browser, 'http://127.0.0.1:4177/?bench=100000');
    await page.waitForTimeout(1000);
    await scrub(page, 100);
    const dir = mkdtempSync(join(tmpdir(), 'asyncviz-trace-'));
    const file = join(dir, 'trace.json');
    const moves = 100;
    await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'toplevel', 'blink', 'cc', 'v8', 'disabled-by-default-devtools.timeline'] });
    const { samples } = await scrub(page, moves);
    await browser.stopTracing();
    const list = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
    rmSync(dir, { recursive: true });
    // The renderer's main thread is the one that ran the page's script.
    const script = list.find((e) => e.name === 'FunctionCall' && e.dur > 0);
    const events = list.filter((e) => e.pid === script.pid && e.tid === script.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    // Self time: each event's thread time less that of the events nested in it.
    const self = {};
    const enclosing = [];
    for (const e of events) {
      while (enclosing.length && enclosing[enclosing.length - 1].ts + enclosing[enclosing.length - 1].dur <= e.ts) enclosing.pop();
      const cpu = e.tdur ?? e.dur;
      if (enclosing.length) self[enclosing[enclosing.length - 1].name] = (self[enclosing[enclosing.length - 1].name] ?? 0) - cpu;
      self[e.name] = (self[e.name] ?? 0) + cpu;
      enclosing.push(e);
    }
    const total = Object.values(self).reduce((a, v) => a + v, 0);
    console.log(`p50 ${pct(samples, 50).toFixed(1)} ms, p95 ${pct(samples, 95).toFixed(1)} ms (traced); main thread ${(total / 1000 / moves).toFixed(2)} ms of CPU per move, by event:`);
    for (const [name, us] of Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`  ${(us / 1000 / moves).toFixed(2)} ms  ${name}`);
    await context.close();
  } else if (mode === 'warmup') {
    const [dist, loads = '5'] = args;
    servers.push(await serveBuild(dist, 4177));
    const eager = await chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, '--js-flags=--no-wasm-dynamic-tiering'] });
    // The renderer main thread with the most CPU so far: the page's (other renderers are idle).
    const renderers = () =>
      readdirSync('/proc').filter((p) => {
        try {
          return /^\d+$/.test(p) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer');
        } catch {
          return false; // the process ended while being read
        }
      });
    const thread = (pid) => {
      const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
      return { faults: Number(stat[7]), run: run / 1e6, wait: wait / 1e6 };
    };
    const conditions = {
      'as bench.mjs': { b: browser, wait: 0 },
      'after a 3 s wait': { b: browser, wait: 3000 },
      'all wasm optimized at load': { b: eager, wait: 0 },
    };
    for (const c of Object.values(conditions)) c.parts = [[], []].map((s) => ({ s, run: 0, wait: 0, faults: 0 }));
    try {
      for (let i = 0; i < Number(loads); i++) {
        for (const c of Object.values(conditions)) {
          const { context, page } = await open(c.b, 'http://127.0.0.1:4177/?bench=100000');
          await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0, null, { timeout: 60_000 });
          if (c.wait) await page.waitForTimeout(c.wait);
          const pid = renderers().map((p) => [p, thread(p).run]).sort((a, b) => b[1] - a[1])[0][0];
          let before = thread(pid);
          // The moves of bench.mjs's zoomed-in scrub, in two parts.
          for (const [k, from, to] of [[0, 1, 40], [1, 41, 200]]) {
            const { samples } = await scrub(page, to - from + 1, 200);
            const after = thread(pid);
            const part = c.parts[k];
            part.s.push(...samples);
            for (const f of ['run', 'wait', 'faults']) part[f] += after[f] - before[f];
            before = after;
          }
          await context.close();
        }
      }
    } finally {
      await eager.close();
    }
    for (const [name, c] of Object.entries(conditions)) {
      const show = (part, label) => {
        const n = part.s.length;
        return `moves ${label}: p50 / p95 ${pct(part.s, 50).toFixed(1)} / ${pct(part.s, 95).toFixed(1)} ms, main thread ${(part.run / n).toFixed(2)} ms CPU + ${(part.wait / n).toFixed(2)} ms waiting for a core, ${(part.faults / n).toFixed(0)} page faults per move`;
      };
      console.log(`${name}:\n  ${show(c.parts[0], '1-40')}\n  ${show(c.parts[1], '41-200')}`);
    }
  } else if (mode === 'omnibox') {
    const [dist, loads = '9'] = args;
    servers.push(await serveBuild(dist, 4177));
    const noisy = await chromium.launch({ ...CHROMIUM, args: CHROMIUM.args.filter((a) => a !== QUIET_BROWSER_UI) });
    const got = { 'with the omnibox pages': { b: noisy, marks: [], moves: [] }, 'without (as bench.mjs)': { b: browser, marks: [], moves: [] } };
    try {
      for (let i = 0; i < Number(loads); i++) {
        for (const g of Object.values(got)) {
          const { context, page } = await open(g.b, 'http://127.0.0.1:4177/?bench=100000');
          await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0, null, { timeout: 60_000 });
          g.marks.push(await page.evaluate(() => ['asyncviz-first-paint', 'asyncviz-first-frame'].map((n) => performance.getEntriesByName(n)[0].startTime)));
          if (i < 3) g.moves.push(...(await scrub(page, 200)).samples);
          await context.close();
        }
      }
    } finally {
      await noisy.close();
    }
    for (const [name, g] of Object.entries(got)) {
      const [paint, frame] = [0, 1].map((k) => pct(g.marks.map((m) => m[k]), 50).toFixed(0));
      console.log(`${name}: first paint ${paint} ms, first frame ${frame} ms (medians of ${loads}); zoomed-in scrub p50 / p95 ${pct(g.moves, 50).toFixed(1)} / ${pct(g.moves, 95).toFixed(1)} ms`);
    }
  } else if (mode === 'scrub-ab') {
    const [a, b, size = '1280x800', events = '100000', loads = '4'] = args;
    const [width, height] = size.split('x').map(Number);
    servers.push(await serveBuild(a, 4177), await serveBuild(b, 4178));
    const got = [a, b].map(() => ({ zoomed: [], first: [], rest: [], whole: [] }));
    for (let l = 0; l < Number(loads); l++) {
      for (const [i, port] of [4177, 4178].entries()) {
        const context = await browser.newContext({ viewport: { width, height } });
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/?bench=${events}`);
        await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0, null, { timeout: 60_000 });
        const { samples } = await scrub(page, 200);
        await page.click('[data-testid=zoom-fit]');
        const whole = (await scrub(page, 200)).samples;
        got[i].zoomed.push(...samples);
        got[i].first.push(...samples.slice(0, 40));
        got[i].rest.push(...samples.slice(40));
        got[i].whole.push(...whole);
        await context.close();
      }
    }
    const f = (xs) => `${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
    for (const [i, dist] of [a, b].entries()) {
      const g = got[i];
      console.log(`${dist} at ${size}, ${events} events: zoomed in p50 / p95 ${f(g.zoomed)} ms (moves 1-40 p95 ${pct(g.first, 95).toFixed(1)}, 41-200 p95 ${pct(g.rest, 95).toFixed(1)}); whole run ${f(g.whole)} ms`);
    }
  } else if (mode === 'cpu-ab') {
    const [a, b, loads = '5', size = '1280x800'] = args;
    servers.push(await serveBuild(a, 4177), await serveBuild(b, 4178));
    const got = [a, b].map(() => ({ cpu: [], samples: [] }));
    const moves = 120;
    for (let l = 0; l < Number(loads); l++) {
      for (const [i, port] of [4177, 4178].entries()) {
        const { context, page } = await open(browser, `http://127.0.0.1:${port}/?bench=100000`, size);
        await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0, null, { timeout: 60_000 });
        await scrub(page, 60);
        const dir = mkdtempSync(join(tmpdir(), 'asyncviz-trace-'));
        const file = join(dir, 'trace.json');
        await browser.startTracing(page, { path: file, categories: ['toplevel', 'devtools.timeline'] });
        const { samples } = await scrub(page, moves);
        await browser.stopTracing();
        const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
        rmSync(dir, { recursive: true });
        // The renderer's main thread is the one that runs the page's script.
        const script = events.find((e) => e.name === 'FunctionCall' && e.dur > 0);
        const tasks = events
          .filter((e) => e.pid === script.pid && e.tid === script.tid && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'))
          .sort((x, y) => x.ts - y.ts);
        // Outermost tasks only (the two names nest).
        let cpu = 0;
        let end = -1;
        for (const t of tasks) {
          if (t.ts >= end) {
            cpu += t.tdur ?? t.dur;
            end = t.ts + t.dur;
          }
        }
        got[i].cpu.push(cpu / 1000 / moves);
        got[i].samples.push(...samples);
        await context.close();
      }
    }
    for (const [i, dist] of [a, b].entries()) {
      const g = got[i];
      console.log(`${dist}: main-thread CPU per move, median ${pct(g.cpu, 50).toFixed(2)} ms (loads: ${g.cpu.map((x) => x.toFixed(2)).join(' ')}); wall p50 / p95 ${pct(g.samples, 50).toFixed(1)} / ${pct(g.samples, 95).toFixed(1)} ms (traced)`);
    }
  } else if (mode === 'settle-ab') {
    const [a, b, events = '1000', loads = '3', size = '1280x800'] = args;
    servers.push(await serveBuild(a, 4177), await serveBuild(b, 4178));
    const got = [a, b].map(() => ({ moves: [], rest: [] }));
    for (let l = 0; l < Number(loads); l++) {
      for (const [i, port] of [4177, 4178].entries()) {
        const { context, page } = await open(browser, `http://127.0.0.1:${port}/?bench=${events}`, size);
        await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0, null, { timeout: 60_000 });
        got[i].moves.push(...(await scrub(page, 200)).samples);
        got[i].rest.push(...(await settle(page, 60)).samples);
        await context.close();
      }
    }
    for (const [i, dist] of [a, b].entries()) {
      const g = got[i];
      console.log(`${dist} at ${size}, ${events} events: moves p50 / p95 ${pct(g.moves, 50).toFixed(1)} / ${pct(g.moves, 95).toFixed(1)} ms; catch-up frames p50 / p95 ${pct(g.rest, 50).toFixed(1)} / ${pct(g.rest, 95).toFixed(1)} ms`);
    }
  } else {
    console.error('usage: bench-experiments.mjs first-paint <distA> <distB> [loads] | scrub-ab <distA> <distB> [WxH] [events] [loads] | cpu-ab <distA> <distB> [loads] [WxH] | settle-ab <distA> <distB> [events] [loads] [WxH] | warm <dist> | hide <dist> | frames <dist> | font <dist> | threads <dist> | tiers <dist> [moves] | selftime <dist> | omnibox <dist> [loads] | warmup <dist> [loads]');
    process.exitCode = 2;
  }
} finally {
  await browser.close();
  for (const s of servers) s.kill();
}
