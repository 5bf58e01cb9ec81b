// Helpers of the browser tests: building the example site and starting headless Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const targetDir = process.env.CARGO_TARGET_DIR || join(repo, 'target');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

export function cargo(args) {
  execFileSync('cargo', args, { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The header search box and scripts, as templates/search_box.html renders them. */
export function searchBox(root, meta) {
  return `<form class="search" role="search" action="${root}search/index.html" method="get">` +
    `<label for="q" class="vh">搜索</label>` +
    `<input id="q" name="q" type="search" autocomplete="off" data-root="${root}" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="gk-listbox">` +
    `<div id="search-results" class="gk-popup" hidden></div></form>` +
    `<script src="${root}${meta}"></script><script src="${root}static/search.js"></script>`;
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((p) => join(dir, p))
    .filter((p) => p.endsWith('.html') && statSync(p).isFile());
}

/**
 * Builds the example site into a fresh folder and returns it. Until the site build writes the
 * search index itself, the index is written by `examples/search_index.rs` and the pages get the
 * search box of templates/search_box.html here; once it does, the build's own output is used.
 */
export function buildSite() {
  const out = join(mkdtempSync(join(tmpdir(), 'gongkai-e2e-')), 'public');
  cargo(['build', '--quiet', '--bin', 'gongkai', '--example', 'search_index']);
  execFileSync(join(targetDir, 'debug', 'gongkai'), ['build', '--output', out], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!readFileSync(join(out, 'index.html'), 'utf8').includes('search/meta-')) {
    const report = execFileSync(join(targetDir, 'debug', 'examples', 'search_index'), [join(repo, 'content', 'budgets'), out], { cwd: repo }).toString();
    const meta = report.match(/meta (search\/meta-[0-9a-f]+\.js)/)[1];
    copyFileSync(join(repo, 'static', 'search.js'), join(out, 'static', 'search.js'));
    for (const file of htmlFiles(out)) {
      const html = readFileSync(file, 'utf8');
      const root = (html.match(/data-root="?([^"\s>]*)"?/) || [, ''])[1];
      writeFileSync(file, html.replace(/<form[^>]*class="?search"?[^>]*>[\s\S]*?<\/form>/, searchBox(root, meta)));
    }
    mkdirSync(join(out, 'search'), { recursive: true });
    writeFileSync(join(out, 'search', 'index.html'),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title></head><body>` +
      `<header>${searchBox('../', meta)}</header><main><h1>搜索</h1><div id="search-page">` +
      `<p id="search-status" role="status"></p><ol id="search-page-results"></ol></div></main></body></html>`);
  }
  return out;
}

export async function launch() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (scripts/test does)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}
