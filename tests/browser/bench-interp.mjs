// Interpreter benchmark: interpreted polls per second in headless Chromium, against the same
// program compiled and run on the same executor (the baseline, in the same run). Every run
// happens in the interpreter's Web Worker, where the page runs the reader's programs.
//
// Usage (after `trunk build --release --offline`):  node tests/browser/bench-interp.mjs [dist] [port]
//
// It serves dist/ itself (tests/browser/serve.mjs) and opens `/?bench=interp`, where the page
// runs the workload of `cargo bench -p asyncviz-interp --bench interp` (1,000 tasks that each
// `yield_now().await` 100 times: 101,000 task polls) with recording off and on, interpreted and
// compiled, taking turns (a warm-up round, then 7 runs each), and publishes the medians as
// window.__asyncvizInterpBench. Nothing here asserts a time: it prints numbers for BENCHMARKS.md.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { CHROMIUM } from './bench-lib.mjs';

const dist = process.argv[2] ?? 'dist';
const port = Number(process.argv[3] ?? 4175);
const base = `http://127.0.0.1:${port}`;

const server = spawn(process.execPath, ['tests/browser/serve.mjs', dist, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));

const browser = await chromium.launch(CHROMIUM);
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/?bench=interp`);
  await page.waitForFunction(() => typeof window.__asyncvizInterpBench === 'string', null, { timeout: 600_000 });
  const rows = JSON.parse(await page.evaluate(() => window.__asyncvizInterpBench));
  if (errors.length) throw new Error(errors.join('\n'));
  const baseline = rows[0].median_ms;
  console.log(`Chromium ${browser.version()}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`);
  console.log('| variant | ms per run (median) | polls per second | time vs compiled, recording off |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.variant} | ${r.median_ms.toFixed(1)} | ${Math.round(r.polls_per_s).toLocaleString('en-US')} | ${(r.median_ms / baseline).toFixed(2)}× |`);
  }
  console.log('\nsamples (ms):');
  for (const r of rows) console.log(`  ${r.variant}: ${r.samples_ms.map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  await browser.close();
  server.kill();
}
