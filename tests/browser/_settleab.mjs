import { chromium } from '@playwright/test';
import { CHROMIUM, pct, scrub, serve, settle } from './bench-lib.mjs';
const [a, b, n = '1000', loads = '3', size = '1280x800'] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const servers = [await serve(a, 4192), await serve(b, 4193)];
const browser = await chromium.launch(CHROMIUM);
const got = [[], []];
const mv = [[], []];
for (let l = 0; l < Number(loads); l++) for (const i of [0, 1]) {
  const ctx = await browser.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${4192 + i}/?bench=${n}`);
  await page.waitForFunction(() => performance.getEntriesByName('asyncviz-first-frame').length > 0);
  mv[i].push(...(await scrub(page, 200)).samples);
  got[i].push(...(await settle(page, 60)).samples);
  await ctx.close();
}
for (const i of [0, 1]) console.log([a, b][i], `n=${n} ${size}: move p50/p95 ${pct(mv[i], 50).toFixed(1)} / ${pct(mv[i], 95).toFixed(1)}; catch-up p50/p95 ${pct(got[i], 50).toFixed(1)} / ${pct(got[i], 95).toFixed(1)}`);
await browser.close(); servers.forEach((s) => s.kill()); process.exit(0);
