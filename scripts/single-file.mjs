// Turns the release build in dist/ into one self-contained HTML file: dist-single/asyncviz.html.
//
// Usage: node scripts/single-file.mjs [dist=dist] [out=dist-single/asyncviz.html]
//
// Browsers refuse to fetch .wasm (or import modules) from file://, so a page opened from disk or
// uploaded to a learning management system as a single file must carry everything inline:
//   - the style sheets and the wasm-bindgen JS glue are in the page already (scripts/inline.mjs
//     puts them there in every release build); the icon becomes a data: URL;
//   - the .wasm is stored base64-encoded in a non-executable <script type="application/octet-stream">
//     data block and handed to wasm-bindgen's init as bytes: init({ module_or_path: bytes });
//   - the interpreter's Web Worker (asyncviz-worker.js and its .wasm) is stored the same way, and
//     the page starts it from a blob: URL that it makes the first time it needs the interpreter
//     (window.__asyncvizWorkerUrl, read by the page's browser/interpreter.rs).
// The file gets its own Content-Security-Policy: no source at all except its own inline scripts
// (by hash) and WebAssembly compilation; it makes no request of any kind.

import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { withCsp } from "./csp.mjs";
import { EARLY_ID } from "./early-wasm.mjs";
import { WASM_SOURCE } from "./inline.mjs";

/** The single file's policy: nothing from anywhere, except its inline scripts (added by hash). */
export const SINGLE_FILE_POLICY = [
  "default-src 'none'",
  "script-src 'wasm-unsafe-eval'",
  // The interpreter's worker, started from a blob: URL this page makes from its own data blocks.
  "worker-src blob:",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

const MIME = { ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff" };

function fail(message) {
  throw new Error(message);
}

/** Maps a URL path from the built HTML ("/some/path/x.js") to the file in `dist`. */
function fileIn(dist, href, publicUrl) {
  let path = href.split("#")[0].split("?")[0];
  if (/^[a-z]+:/i.test(path)) fail(`cannot inline ${href}: not a file of the build`);
  if (path.startsWith(publicUrl)) path = path.slice(publicUrl.length);
  path = path.replace(/^\.?\//, "");
  const file = join(dist, decodeURIComponent(path));
  if (!existsSync(file)) fail(`cannot inline ${href}: ${file} does not exist`);
  return file;
}

export function singleFile(dist) {
  let html = readFileSync(join(dist, "index.html"), "utf8");

  // The loader, with the glue in it (scripts/inline.mjs): its wasm source becomes the bytes in
  // this page, and the interpreter's worker is started from a blob: URL.
  const loader = /<script type="module"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  if (!loader) fail("dist/index.html has no inline module script (trunk's loader)");
  if (/^\s*import\s/m.test(loader[1])) fail("the loader imports its JS glue: dist/ was not built with scripts/inline.mjs (trunk build --release)");
  const source = WASM_SOURCE.exec(loader[1])?.[0] ?? fail("cannot find the wasm's source in the loader (scripts/inline.mjs)");
  const wasmHref = /['"]([^'"]+_bg\.wasm)['"]/.exec(source)?.[1] ?? fail("cannot find the .wasm in the loader");
  const publicUrl = wasmHref.slice(0, wasmHref.lastIndexOf("/") + 1);
  const wasm = readFileSync(fileIn(dist, wasmHref, publicUrl)).toString("base64");

  // The interpreter's worker: wasm-bindgen's no-modules glue and its .wasm, both from dist/.
  const workerGlue = readFileSync(fileIn(dist, `${publicUrl}asyncviz-worker.js`, publicUrl), "utf8");
  const workerWasm = readFileSync(fileIn(dist, `${publicUrl}asyncviz-worker_bg.wasm`, publicUrl)).toString("base64");
  if (/<\/script/i.test(workerGlue)) fail("the worker's glue contains </script and cannot be stored in a data block");

  const workerUrl = `
{
  // The worker's script, made once, when the page first asks for it.
  let workerUrl = null;
  Object.defineProperty(window, "__asyncvizWorkerUrl", {
    get() {
      if (workerUrl === null) {
        const glue = document.getElementById("asyncviz-worker-js").textContent;
        const wasm = document.getElementById("asyncviz-worker-wasm").textContent.trim();
        const boot = glue + "\\n;(() => { const raw = atob(" + JSON.stringify(wasm) + "); const bytes = new Uint8Array(raw.length); for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i); wasm_bindgen({ module_or_path: bytes }); })();\\n";
        workerUrl = URL.createObjectURL(new Blob([boot], { type: "text/javascript" }));
      }
      return workerUrl;
    },
  });
}
`;
  const bytes = `const __asyncvizWasmSource = (() => {
  const raw = atob(document.getElementById("asyncviz-wasm").textContent.trim());
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
})();`;
  const module = workerUrl + loader[1].replace(WASM_SOURCE, () => bytes);
  html = html.replace(loader[0], () => `<script type="module">${module}</script>`);

  // The early compile (scripts/early-wasm.mjs) fetches a file this page does not have.
  html = html.replace(new RegExp(`\\s*<script id="${EARLY_ID}">[\\s\\S]*?<\\/script>`), "");

  // Preloads are for files that no longer exist separately.
  html = html.replace(/\s*<link\b[^>]*\brel=["']?(?:modulepreload|preload)\b[^>]*>/gi, "");

  // Icons become data: URLs.
  html = html.replace(/<link\b[^>]*\brel=["']?(?:icon|shortcut icon|apple-touch-icon)\b[^>]*>/gi, (tag) => {
    const href = /\bhref=["']([^"']+)["']/.exec(tag)?.[1] ?? fail(`an icon without href: ${tag}`);
    return `<link rel="icon" href="${dataUrl(fileIn(dist, href, publicUrl))}" />`;
  });

  // The wasm, as a data block the module script reads (browsers never execute this type).
  html = html.replace(
    /<\/body>/i,
    () =>
      `<script type="application/octet-stream" id="asyncviz-wasm">\n${wasm}\n</script>\n` +
      `<script type="text/plain" id="asyncviz-worker-js">\n${workerGlue}\n</script>\n` +
      `<script type="application/octet-stream" id="asyncviz-worker-wasm">\n${workerWasm}\n</script>\n</body>`,
  );

  // Whatever still points at a file would fail from file://: refuse to write a broken page.
  const left = [...html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']([^"']+)["']/gi)]
    .map((m) => m[1])
    .filter((u) => !u.startsWith("data:") && !u.startsWith("#"));
  if (left.length) fail(`the page still refers to files: ${left.join(", ")}`);

  return withCsp(html, SINGLE_FILE_POLICY);
}

function dataUrl(file) {
  const mime = MIME[extname(file).toLowerCase()] ?? fail(`no MIME type known for ${file}`);
  return `data:${mime};base64,${readFileSync(file).toString("base64")}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? "dist";
  const out = process.argv[3] ?? "dist-single/asyncviz.html";
  try {
    const html = singleFile(dist);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, html);
    console.log(`single-file.mjs: wrote ${out} (${(html.length / 1024 / 1024).toFixed(1)} MiB)`);
  } catch (e) {
    console.error(`single-file.mjs: ${e.message}`);
    process.exit(1);
  }
}
