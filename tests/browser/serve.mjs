// A tiny static file server for the built site (dist/), used by Playwright as its webServer.
//
// Usage: node tests/browser/serve.mjs [root=dist] [port=4173] [prefix=/]   (port 0: any free port)
//
// With a prefix such as /some/path/, the site is served under that path only (as on GitHub Pages)
// and every other path is a 404, so a page that reaches for /x instead of /some/path/x fails.
//
// Why our own and not `trunk serve`: the browser tests must run against the release build that
// `trunk build --release --offline` produced, with no file watcher, no live-reload websocket and
// no dependencies beyond Node itself. It binds to 127.0.0.1 only.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const root = resolve(process.argv[2] ?? "dist");
const port = Number(process.argv[3] ?? 4173);
const host = "127.0.0.1";
const prefix = (() => {
  const p = process.argv[4] ?? "/";
  return (p.startsWith("/") ? p : `/${p}`).replace(/\/?$/, "/");
})();

// Browsers refuse `WebAssembly.instantiateStreaming` unless .wasm is served as application/wasm,
// and refuse module scripts with a non-JavaScript type, so these must be exact.
const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".rs": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

// Maps a URL path to a file under `root`, or null if it would escape `root`.
function fileFor(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  } catch {
    return null;
  }
  // `/some/path` without its slash names the site's root too.
  if (`${path}/` === prefix) path = prefix;
  if (!path.startsWith(prefix)) return null;
  path = `/${path.slice(prefix.length)}`;
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return null;
  return file;
}

// Resolves a directory to its index.html; returns the stat'ed file or null.
async function existing(file) {
  try {
    let s = await stat(file);
    if (s.isDirectory()) {
      file = join(file, "index.html");
      s = await stat(file);
    }
    return s.isFile() ? { file, size: s.size } : null;
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  const file = fileFor(req.url ?? "/");
  const found = file && (await existing(file));
  if (!found) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  res.writeHead(200, {
    "Content-Type": MIME[extname(found.file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": found.size,
    // Tests must always see the bytes of the current build.
    "Cache-Control": "no-store",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(found.file).pipe(res);
});

// Port 0 picks a free port; the line below says which (tests read it).
server.listen(port, host, () => {
  console.log(`serving ${root} at http://${host}:${server.address().port}${prefix}`);
});

// Playwright stops the server with SIGTERM; exit promptly and quietly.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
