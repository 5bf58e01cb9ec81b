// Search benchmark: N generated departments (default 10,000; examples/search_bench.rs), index size
// per department (gzip), and the time from typing a query to the rendered drop-down in headless
// Chromium from file://, cold (first time its shards load) and warm (typed again).
// Run: node tests/e2e/bench-search.mjs [N]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { REPO as repo, launch, searchFor } from './lib/site.mjs';

const targetDir = process.env.CARGO_TARGET_DIR || join(repo, 'target');

function cargo(args) {
  execFileSync('cargo', args, { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The header search box and scripts as templates/search_box.html renders them (this page is
 * written here, without a site build, so only the index is measured). */
function searchBox(root, meta) {
  return `<form class="search" role="search" action="${root}search/index.html" method="get">` +
    `<label for="q" class="vh">搜索</label>` +
    `<input id="q" name="q" type="text" enterkeyhint="search" autocomplete="off" data-root="${root}" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="gk-listbox">` +
    `<div id="search-results" class="gk-popup" hidden></div></form>` +
    `<script src="${root}${meta}"></script><script src="${root}static/search.js"></script>`;
}

const n = Number(process.argv[2] || 10000);
const out = join(targetDir, 'search-bench');
cargo(['build', '--quiet', '--release', '--example', 'search_bench']);
const report = execFileSync(join(targetDir, 'release', 'examples', 'search_bench'), [String(n), out]).toString();
console.log(report.trim());
const meta = report.match(/meta (search\/meta[-0-9a-f]*\.js)/)[1];
mkdirSync(join(out, 'static'), { recursive: true });
copyFileSync(join(repo, 'static', 'search.js'), join(out, 'static', 'search.js'));
writeFileSync(join(out, 'index.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench</title></head><body><header>${searchBox('', meta)}</header></body></html>`);

const sizes = { t: 0, d: 0, meta: 0 };
for (const f of readdirSync(join(out, 'search'))) {
  const gz = gzipSync(readFileSync(join(out, 'search', f)), { level: 9 }).length;
  sizes[f.startsWith('t-') ? 't' : f.startsWith('d-') ? 'd' : 'meta'] += gz;
}
const total = sizes.t + sizes.d + sizes.meta;
console.log(`index: ${(total / 1024 / 1024).toFixed(1)} MiB gzip; per department ${(total / n).toFixed(0)} B ` +
  `(terms ${(sizes.t / n).toFixed(0)} B, documents ${(sizes.d / n).toFixed(0)} B; goal ≤ 2048 B)`);

const browser = await launch();
const page = await browser.newPage();
await page.goto(pathToFileURL(join(out, 'index.html')).href);
const typed = (query) => searchFor(page, query);
const queries = ['电子政务', '2010301', '热线', '三公', '行政运行', '满意度', '卫辉市财政局', '电', '齉龘'];
const rows = [];
for (const q of queries) {
  const cold = await typed(q);
  const warm = [];
  for (let i = 0; i < 5; i++) warm.push((await typed(q)).ms);
  warm.sort((a, b) => a - b);
  rows.push({ query: q, results: cold.count, cold_ms: +cold.ms.toFixed(1), warm_ms: +warm[2].toFixed(1) });
}
console.table(rows);
const worst = Math.max(...rows.map((r) => r.warm_ms));
console.log(`warm: worst median ${worst} ms (goal < 50 ms)`);
await browser.close();
