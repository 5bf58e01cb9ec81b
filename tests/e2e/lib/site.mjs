// Shared by the end-to-end tests: the built site, a static server for it, and headless Chromium.
//
// The site is the one in $GONGKAI_SITE when set (scripts/test builds it once and passes it on);
// otherwise each test file builds the example site into a temporary folder of its own with
// `cargo run --release -- build --output <tmp>` and removes it when the process exits.

import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

let built = null;

/** The folder of the built site (absolute). */
export function siteDir() {
  if (process.env.GONGKAI_SITE) {
    const dir = resolve(process.env.GONGKAI_SITE);
    if (!existsSync(join(dir, "index.html"))) {
      throw new Error(`GONGKAI_SITE=${dir} holds no index.html; build the site first`);
    }
    return dir;
  }
  if (built) return built;
  const tmp = mkdtempSync(join(tmpdir(), "gongkai-e2e-"));
  const out = join(tmp, "public");
  execFileSync("cargo", ["run", "--quiet", "--release", "--", "build", "--output", out], {
    cwd: REPO,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const clean = () => rmSync(tmp, { recursive: true, force: true });
  process.on("exit", clean);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      clean();
      process.exit(130);
    });
  }
  built = out;
  return out;
}

/** Every file of the site, as paths relative to its root with forward slashes. */
export function siteFiles(dir, ext) {
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else if (!ext || path.endsWith(ext)) out.push(path);
    }
  };
  walk("");
  return out;
}

/** The pages the browser tests open, relative to the site root; the first department and the
 * first classification code of the built site. */
export function keyPages(dir) {
  const files = siteFiles(dir, ".html");
  // A department's year page (departments/<id>/<year>/) and its timeline (departments/<id>/).
  const department = files.find((f) => /^departments\/[^/]+\/[^/]+\/index\.html$/.test(f));
  const source = files.find((f) => /^departments\/[^/]+\/[^/]+\/source\.html$/.test(f));
  const timeline = files.find((f) => /^departments\/[^/]+\/index\.html$/.test(f));
  const classification = files.find(
    (f) => /^classification\/[^/]+\/index\.html$/.test(f) || /^classification\/[^/]+\.html$/.test(f),
  );
  if (!department || !source || !classification || !timeline) {
    throw new Error(`the site lacks a department, source or classification page (${dir})`);
  }
  return {
    index: "index.html",
    department,
    timeline,
    compare: "compare/index.html",
    classification,
    projects: "projects/index.html",
    audit: "audit/index.html",
    source,
  };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml",
};

/** A static server for `dir` on 127.0.0.1 and a random port. It does not keep the process
 * alive (unref), so it stops by itself when the tests end; close() stops it sooner. */
export async function serve(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolve(root, "." + path);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  server.unref();
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** The two ways a reader opens the site: from the disk and from a web server. Each has `base`
 * (ending in "/") and `close()`. */
export async function origins(dir) {
  const http = await serve(dir);
  return [
    { name: "file://", base: pathToFileURL(dir).href + "/", close: async () => {} },
    { name: "http://", base: http.base, close: http.close },
  ];
}

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Headless Debian Chromium through playwright-core, with flags that keep it off the network. */
export async function launch() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A new page that records console errors, uncaught exceptions and failed requests. The
 * browser's own request for /favicon.ico (the site has none; no page links one) is not counted. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() !== "error" || m.location().url.endsWith("/favicon.ico")) return;
    problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  if (response && response.status() >= 400) problems.push(`HTTP ${response.status()}: ${url}`);
  return { page, problems };
}

export const AXE = join(REPO, "node_modules", "axe-core", "axe.min.js");

/** axe-core's violations of impact serious or critical on the open page, one line each. */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

/**
 * Enters `query` in the header search box of `page` and resolves with the `gk:results` detail
 * search.js sends for that query (results, timing). `keys: true` types it key by key, as a
 * person does; otherwise the whole text is filled in at once.
 */
export async function searchFor(page, query, { keys = false } = {}) {
  await page.fill("#q", "");
  const done = page.evaluate((q) => new Promise((resolve) => {
    const input = document.getElementById("q");
    input.addEventListener("gk:results", function on(e) {
      if (e.detail.query === q) { input.removeEventListener("gk:results", on); resolve(e.detail); }
    });
  }), query);
  if (keys) await page.type("#q", query);
  else await page.fill("#q", query);
  return done;
}
