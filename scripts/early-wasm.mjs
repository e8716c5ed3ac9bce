// Starts fetching and compiling the page's wasm as soon as the browser reads <head>, instead of
// when trunk's loader runs.
//
// Usage:
//   node scripts/early-wasm.mjs [index.html]
//
// csp.mjs, trunk's post_build hook, applies it before it writes the policy (trunk may run two
// hooks of one stage at once, so this is not a hook of its own).
//
// Trunk's loader is an inline module script, and module scripts run only once the document is
// parsed and its style sheets have loaded, so the wasm (1 MB) used to be requested and compiled
// only after the loading screen had been laid out and painted. This hook puts a small classic
// script before the style sheets that calls `WebAssembly.compileStreaming(fetch(wasm))`, and
// makes the loader hand that promise to wasm-bindgen's init, which instantiates the compiled
// module. If the early compile fails (a server that sends the wasm with the wrong type, say), the
// loader fetches the file the usual way, so nothing is lost but the head start. The wasm's
// <link rel="preload"> goes, since the early fetch is the same request made sooner.
//
// scripts/single-file.mjs removes the early script again (the single-file page carries its wasm
// inline), and csp.mjs hashes it with the other inline scripts.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The id of the early script, so single-file.mjs can find and drop it. */
export const EARLY_ID = "asyncviz-early-wasm";

/** `html` (trunk's index.html) with the wasm compiled early; unchanged if already done. */
export function withEarlyWasm(html) {
  if (html.includes(`id="${EARLY_ID}"`)) return html;
  const loader = /<script type="module"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  if (!loader) throw new Error("index.html has no inline module script (trunk's loader)");
  const call = /module_or_path:\s*(['"])([^'"]+_bg\.wasm)\1/.exec(loader[1]);
  if (!call) throw new Error("cannot find the .wasm in trunk's loader");
  const href = call[2];
  // The preload trunk wrote for the wasm, with its subresource-integrity hash: the early fetch
  // replaces it and keeps the hash.
  const escaped = href.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const preload = new RegExp(`<link\\b[^>]*\\brel=["']?preload\\b[^>]*href=["']${escaped}["'][^>]*>`, "i").exec(html);
  const integrity = preload && /\bintegrity=["']([^"']+)["']/.exec(preload[0])?.[1];
  const request = integrity ? `${JSON.stringify(href)}, { integrity: ${JSON.stringify(integrity)} }` : JSON.stringify(href);
  // The empty `catch` marks a failed compile as handled, so it is not reported as an uncaught
  // error before the loader's own `catch` falls back to a plain fetch.
  const early =
    `<script id="${EARLY_ID}">if (typeof WebAssembly.compileStreaming === "function") { ` +
    `window.__asyncvizWasm = WebAssembly.compileStreaming(fetch(${request})); window.__asyncvizWasm.catch(() => {}); }</script>\n    `;
  const loaderText = loader[1].replace(
    call[0],
    () => `module_or_path: window.__asyncvizWasm ? window.__asyncvizWasm.catch(() => fetch(${request})) : ${JSON.stringify(href)}`,
  );
  let out = html.replace(loader[0], () => early + loader[0].replace(loader[1], () => loaderText));
  if (preload) out = out.replace(preload[0], "");
  return out;
}

function main() {
  const file =
    process.argv[2] ??
    (process.env.TRUNK_STAGING_DIR ? join(process.env.TRUNK_STAGING_DIR, "index.html") : "dist/index.html");
  writeFileSync(file, withEarlyWasm(readFileSync(file, "utf8")));
  console.error(`early-wasm.mjs: ${file} compiles its wasm from the start of <head>`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`early-wasm.mjs: ${e.message}`);
    process.exit(1);
  }
}
