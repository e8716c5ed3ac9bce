// The page's Content-Security-Policy, written into the built index.html as a <meta> tag.
//
// Usage:
//   node scripts/csp.mjs [index.html]   (as a trunk post_build hook: the staged index.html)
//
// The policy lets scripts run only from the page's own origin or when their text has a listed
// SHA-256 hash (every inline script in the file is hashed here, after trunk wrote it), allows
// WebAssembly compilation ('wasm-unsafe-eval') but never eval ('unsafe-eval'), and lets no
// request leave the origin. Framing is allowed on purpose: embedding is the point, and a
// <meta> policy cannot say frame-ancestors anyway.
//
// `trunk serve` rewrites the text of its live-reload script while serving, so no hash could
// match it: a build that contains that script gets no policy (with a note on stderr), which
// only ever affects local development. Such a build only loses the `integrity` of its wasm
// preload, which Chromium ignores and warns about (withoutPreloadIntegrity).

import { createHash } from "node:crypto";
import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withEarlyWasm } from "./early-wasm.mjs";
import { withInlineGlue, withInlineStyles } from "./inline.mjs";

/** The policy of the served site, without script hashes. */
export const SITE_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // The interpreter's Web Worker (asyncviz-worker_loader.js), from the site itself.
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/** Script types a browser executes; anything else is a data block that CSP does not govern. */
function isExecutable(attrs) {
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
  return (
    type === undefined ||
    type === "" ||
    type === "module" ||
    type === "text/javascript" ||
    type === "application/javascript"
  );
}

/** Every inline, executable <script> in `html`: its text exactly as the browser will hash it. */
export function inlineScripts(html) {
  const scripts = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attrs, text] = m;
    if (/\bsrc\s*=/i.test(attrs) || !isExecutable(attrs)) continue;
    scripts.push(text);
  }
  return scripts;
}

/** The CSP source expression for a script's text. */
export function hashSource(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** `policy` (a list of directives) with every inline script of `html` allowed by hash. */
export function policyFor(html, policy) {
  const hashes = [...new Set(inlineScripts(html).map(hashSource))];
  return policy
    .map((d) => (d.startsWith("script-src ") && hashes.length ? `${d} ${hashes.join(" ")}` : d))
    .join("; ");
}

/** `html` with its CSP <meta> tag inserted (right after <meta charset>) or replaced. */
export function withCsp(html, policy) {
  const content = policyFor(removeCsp(html), policy);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${content.replace(/"/g, "&quot;")}" />`;
  const cleaned = removeCsp(html);
  const charset = /<meta\s+charset[^>]*>/i.exec(cleaned);
  if (!charset) throw new Error("index.html has no <meta charset>: cannot place the CSP before the scripts");
  const at = charset.index + charset[0].length;
  return `${cleaned.slice(0, at)}\n    ${meta}${cleaned.slice(at)}`;
}

function removeCsp(html) {
  return html.replace(/\s*<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/gi, "");
}

/**
 * `html` without the `integrity` of trunk's `<link rel="preload" as="fetch">` for the wasm, which
 * Chromium ignores for that kind of preload and warns about in the console of every load. Only the
 * development build keeps that preload (release builds fetch the wasm from early-wasm.mjs's
 * script, with its integrity); the loader's own fetch of the wasm never carried one.
 */
export function withoutPreloadIntegrity(html) {
  return html.replace(/<link\b[^>]*\brel=["']?preload\b[^>]*>/gi, (tag) =>
    /\bas=["']?fetch\b/i.test(tag) ? tag.replace(/\s+integrity=(["'])[^"']*\1/i, "") : tag,
  );
}

/** The live-reload script `trunk serve` injects and then rewrites while serving. */
function hasTrunkReload(html) {
  return html.includes("{{__TRUNK_ADDRESS__}}") || html.includes("{{__TRUNK_WS_BASE__}}");
}

function main() {
  const file =
    process.argv[2] ??
    (process.env.TRUNK_STAGING_DIR ? join(process.env.TRUNK_STAGING_DIR, "index.html") : "dist/index.html");
  modernizeWorkerShim(dirname(file));
  const html = readFileSync(file, "utf8");
  if (hasTrunkReload(html)) {
    writeFileSync(file, withoutPreloadIntegrity(html));
    console.error(`csp.mjs: ${file} has trunk serve's live-reload script; no CSP for this development build`);
    return;
  }
  // First the early wasm compile, then the style sheets and the JS glue put inline (inline.mjs):
  // the policy must allow the inline scripts as they end up.
  const styled = withInlineStyles(withEarlyWasm(html), dirname(file));
  const glued = withInlineGlue(styled.html, dirname(file));
  writeFileSync(file, withCsp(glued.html, SITE_POLICY));
  for (const inlined of [...styled.files, ...glued.files]) unlinkSync(inlined);
  console.error(`csp.mjs: started the wasm early, put the style sheets and the JS glue inline and wrote the Content-Security-Policy into ${file}`);
}

/**
 * Trunk's loader shim for the interpreter's worker calls `wasm_bindgen(path)`, the form
 * wasm-bindgen 0.2.130 still accepts but warns about in the worker's console ("using deprecated
 * parameters for the initialization function"). This passes `{ module_or_path: path }` instead.
 */
export function modernWorkerShim(text) {
  return text.replace(/\bwasm_bindgen\((["'][^"']+["'])\)/g, "wasm_bindgen({ module_or_path: $1 })");
}

function modernizeWorkerShim(dir) {
  const shim = join(dir, "asyncviz-worker_loader.js");
  if (!existsSync(shim)) return;
  writeFileSync(shim, modernWorkerShim(readFileSync(shim, "utf8")));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`csp.mjs: ${e.message}`);
    process.exit(1);
  }
}
