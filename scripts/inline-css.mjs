// Puts the page's style sheets into the built index.html as <style> elements, and removes the
// files, which nothing else refers to.
//
// csp.mjs, trunk's post_build hook, applies it to release builds (before it hashes the inline
// scripts); `trunk serve`'s development build keeps its <link>s, so editing a sheet still
// reloads the page.
//
// Why: the theme picker in <head> is a classic script after the sheets, so the parser stops
// there until all three have arrived, and trunk's loader, a module script, runs only once the
// document is parsed. On a 2-core machine the sheets came in at 90–115 ms and the wasm's `main`
// started at 140–185 ms, although the wasm itself was in by 105–120. Inline, the sheets cost
// no request and hold nothing back: in loads taking turns at 100k events, `main` started about
// 30 ms earlier and the page was shown 40–50 ms earlier (BENCHMARKS.md, session 18). They add
// about 13 KiB of gzip to index.html, as they did to the download before.
//
// The sheets sit in the same folder as index.html (trunk writes both at the top of dist/), so a
// relative url() in one would keep its meaning; ours have none.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * `html` with each `<link rel="stylesheet">` replaced by a `<style>` holding the sheet from `dir`,
 * and the sheets' paths, to delete once the page is written.
 */
export function withInlineStyles(html, dir) {
  const files = [];
  const out = html.replace(/<link\b[^>]*\brel=["']?stylesheet\b[^>]*>/gi, (tag) => {
    const href = /\bhref=["']([^"']+)["']/.exec(tag)?.[1];
    if (!href) throw new Error(`a stylesheet without href: ${tag}`);
    if (/^[a-z]+:/i.test(href)) throw new Error(`cannot inline ${href}: not a file of the build`);
    // Trunk's href is the public URL ("/" or "/some/path/") and the file's name.
    const name = decodeURIComponent(href.split(/[?#]/)[0].split("/").pop());
    const file = join(dir, name);
    if (!existsSync(file)) throw new Error(`cannot inline ${href}: ${file} does not exist`);
    files.push(file);
    const css = readFileSync(file, "utf8").replace(/<\/style/gi, "<\\/style");
    return `<style>\n${css}\n</style>`;
  });
  return { html: out, files };
}
