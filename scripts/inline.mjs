// Puts the page's style sheets and wasm-bindgen's JS glue into the built index.html, and removes
// those files, which nothing else refers to.
//
// csp.mjs, trunk's post_build hook, applies it to release builds, after early-wasm.mjs and before
// it hashes the inline scripts. `trunk serve`'s development build keeps its <link>s and its
// import, so editing a sheet still reloads the page.
//
// Why. The theme picker in <head> is a classic script after the sheets, so the parser stopped
// there until all three had arrived, and trunk's loader, a module script, runs only once the
// document is parsed and its import has been fetched. On a 2-core machine the sheets came in at
// 90–115 ms and the wasm's `main` started at 140–185 ms, although the wasm itself was in by
// 105–120. In loads taking turns at 100k events, the sheets inline showed the page 28–48 ms
// earlier, and the glue inline 16–32 ms more (BENCHMARKS.md, session 18). Together they add
// about 23 KiB of gzip to index.html, which is what they weighed as files. The cost: a host that
// lets browsers keep its hashed files but not index.html sends those 23 KiB on every visit,
// where the files would have stayed cached (the wasm, 461 KiB, still does).
//
// The sheets sit in the same folder as index.html (trunk writes both at the top of dist/), so a
// relative url() in one would keep its meaning; ours have none. single-file.mjs starts from the
// result: it swaps the wasm's source in the loader this writes for bytes in the page.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The file in `dir` that trunk's `href` (its public URL, "/" or "/some/path/", and a name) names. */
function fileFor(dir, href) {
  if (/^[a-z]+:/i.test(href)) throw new Error(`cannot inline ${href}: not a file of the build`);
  const file = join(dir, decodeURIComponent(href.split(/[?#]/)[0].split("/").pop()));
  if (!existsSync(file)) throw new Error(`cannot inline ${href}: ${file} does not exist`);
  return file;
}

/**
 * `html` with each `<link rel="stylesheet">` replaced by a `<style>` holding the sheet from `dir`,
 * and the sheets' paths, to delete once the page is written.
 */
export function withInlineStyles(html, dir) {
  const files = [];
  const out = html.replace(/<link\b[^>]*\brel=["']?stylesheet\b[^>]*>/gi, (tag) => {
    const href = /\bhref=["']([^"']+)["']/.exec(tag)?.[1];
    if (!href) throw new Error(`a stylesheet without href: ${tag}`);
    const file = fileFor(dir, href);
    files.push(file);
    const css = readFileSync(file, "utf8").replace(/<\/style/gi, "<\\/style");
    return `<style>\n${css}\n</style>`;
  });
  return { html: out, files };
}

/** The glue as module-local declarations, and the names it exported as `[exported, local]`. */
export function unexport(glue) {
  if (/^\s*import\s/m.test(glue)) {
    throw new Error("the wasm-bindgen glue imports other modules (snippets): inlining them is not supported");
  }
  const names = [];
  let out = glue.replace(/^export\s*\{([^}]*)\};?\s*$/gm, (_, list) => {
    for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
      const [local, exported = local] = item.split(/\s+as\s+/);
      names.push([exported.trim(), local.trim()]);
    }
    return "";
  });
  out = out.replace(/^export\s+default\s+([A-Za-z_$][\w$]*);?\s*$/gm, (_, local) => {
    names.push(["default", local]);
    return "";
  });
  out = out.replace(/^export\s+(async\s+function|function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm, (_, kind, name) => {
    names.push([name, name]);
    return `${kind} ${name}`;
  });
  if (/^\s*export\b/m.test(out)) throw new Error("the wasm-bindgen glue has an export this script does not understand");
  if (!names.some(([exported]) => exported === "default")) throw new Error("the wasm-bindgen glue has no default export (init)");
  return { code: out, names };
}

/** The line of the loader `withInlineGlue` writes that gives the wasm's source; single-file.mjs swaps it. */
export const WASM_SOURCE = /^const __asyncvizWasmSource = .*;$/m;

/**
 * `html` with trunk's loader (`import init, * as bindings from '….js'`, then
 * `await init({ module_or_path: … })`) made one module script that carries the glue, and the
 * glue's path, to delete once the page is written. The loader keeps what trunk's did: it sets
 * `window.wasmBindings` and sends `TrunkApplicationStarted`.
 */
export function withInlineGlue(html, dir) {
  const loader = /<script type="module"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  if (!loader) throw new Error("index.html has no inline module script (trunk's loader)");
  const href = /^\s*import\s+init\s*,\s*\*\s*as\s+bindings\s+from\s+['"]([^'"]+\.js)['"];?\s*$/m.exec(loader[1])?.[1];
  if (!href) throw new Error("cannot find the JS glue's import in trunk's loader");
  const source = /module_or_path:\s*(.*?)\s*\}\);?\s*$/m.exec(loader[1])?.[1];
  if (!source) throw new Error("cannot find the wasm's source in trunk's loader");
  const file = fileFor(dir, href);
  const { code, names } = unexport(readFileSync(file, "utf8"));
  if (/<\/script/i.test(code)) throw new Error("the JS glue contains </script and cannot be inlined");
  const init = names.find(([e]) => e === "default")[1];
  const bindings = names.filter(([e]) => e !== "default").map(([e, l]) => (e === l ? e : `${e}: ${l}`));
  // In a block, so that `wasm` does not clash with the glue's own.
  const module = `
${code}
const __asyncvizWasmSource = ${source};
{
  const wasm = await ${init}({ module_or_path: __asyncvizWasmSource });
  window.wasmBindings = { ${bindings.join(", ")} };
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
}
`;
  const escaped = href.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const preload = new RegExp(`\\s*<link\\b[^>]*\\brel=["']?modulepreload\\b[^>]*href=["']${escaped}["'][^>]*>`, "i");
  const out = html.replace(loader[0], () => `<script type="module">${module}</script>`).replace(preload, "");
  return { html: out, files: [file] };
}
