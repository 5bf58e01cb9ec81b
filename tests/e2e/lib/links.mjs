// Link checker for the built site: every internal href/src/srcset of every HTML file resolves
// to a file of the site, and every #fragment to an id (or <a name>) of the page it points at.
// Links must be relative: an absolute internal path ("/…") would break on the project sub-path
// (https://<user>.github.io/<repo>/) and from file://, so it is reported too.

import { existsSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { siteFiles } from "./site.mjs";

const TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
const ATTR = /([^\s=>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const LINK_ATTRS = new Set(["href", "src", "srcset", "action", "poster", "data"]);

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };
function decode(value) {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Tags of an HTML text (comments, scripts and styles left out) as { name, attrs, line }. */
function tags(html) {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)/gi, (m, a, b, c) => a + b.replace(/[^\n]/g, " ") + c)
    .replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi, (m, a, b, c) => a + b.replace(/[^\n]/g, " ") + c);
  const out = [];
  let line = 1;
  let seen = 0;
  for (const m of stripped.matchAll(TAG)) {
    const attrs = new Map();
    for (const a of m[2].matchAll(ATTR)) {
      attrs.set(a[1].toLowerCase(), decode(a[2] ?? a[3] ?? a[4] ?? ""));
    }
    for (let i = stripped.indexOf("\n", seen); i >= 0 && i < m.index; i = stripped.indexOf("\n", i + 1)) line += 1;
    seen = m.index;
    out.push({ name: m[1].toLowerCase(), attrs, line });
  }
  return out;
}

/** Checks the site in `dir`; returns { pages, links, broken: ["file:line: message", …] }. */
export function checkLinks(dir) {
  const pages = siteFiles(dir, ".html");
  const parsed = new Map();
  const anchorsOf = (file) => {
    if (!parsed.has(file)) parsed.set(file, tags(readFileSync(join(dir, file), "utf8")));
    const ids = new Set();
    for (const t of parsed.get(file)) {
      if (t.attrs.has("id")) ids.add(t.attrs.get("id"));
      if (t.name === "a" && t.attrs.has("name")) ids.add(t.attrs.get("name"));
    }
    return ids;
  };
  const anchorCache = new Map();
  const anchors = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(file));
    return anchorCache.get(file);
  };

  let links = 0;
  const broken = [];
  for (const page of pages) {
    anchors(page);
    for (const tag of parsed.get(page)) {
      for (const [attr, value] of tag.attrs) {
        if (!LINK_ATTRS.has(attr)) continue;
        if (attr === "data" && tag.name !== "object") continue;
        const urls =
          attr === "srcset" ? value.split(",").map((s) => s.trim().split(/\s+/)[0]) : [value.trim()];
        for (const url of urls) {
          const where = `${page}:${tag.line}: <${tag.name} ${attr}="${url}">`;
          if (url === "" && attr === "action") continue;
          if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) continue; // external
          links += 1;
          if (url === "") {
            broken.push(`${where}: empty link`);
            continue;
          }
          if (url.startsWith("/")) {
            broken.push(`${where}: absolute path; links inside the site must be relative`);
            continue;
          }
          const hash = url.indexOf("#");
          const beforeHash = hash < 0 ? url : url.slice(0, hash);
          const fragment = hash < 0 ? null : decodeURIComponent(url.slice(hash + 1));
          const pathPart = beforeHash.split("?")[0];
          let target = page;
          if (pathPart !== "") {
            let rel;
            try {
              rel = decodeURIComponent(pathPart);
            } catch {
              broken.push(`${where}: malformed URL`);
              continue;
            }
            target = posix.normalize(posix.join(posix.dirname(page), rel));
            if (target.startsWith("..")) {
              broken.push(`${where}: points outside the site`);
              continue;
            }
            const full = join(dir, target);
            if (!existsSync(full)) {
              broken.push(`${where}: no such file ${target}`);
              continue;
            }
            if (statSync(full).isDirectory()) {
              // A folder link works on a server but not from file://.
              broken.push(`${where}: a folder; link to ${posix.join(target, "index.html")} instead`);
              continue;
            }
          }
          if (fragment !== null && fragment !== "" && target.endsWith(".html")) {
            if (!anchors(target).has(fragment)) {
              broken.push(`${where}: no id "${fragment}" in ${target}`);
            }
          }
        }
      }
    }
  }
  return { pages: pages.length, links, broken };
}
