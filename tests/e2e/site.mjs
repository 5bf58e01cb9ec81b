// Helpers of the browser tests: building the example site and starting headless Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
    `<input id="q" name="q" type="text" enterkeyhint="search" autocomplete="off" data-root="${root}" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="gk-listbox">` +
    `<div id="search-results" class="gk-popup" hidden></div></form>` +
    `<script src="${root}${meta}"></script><script src="${root}static/search.js"></script>`;
}

/** Builds the example site (with its search index) into a fresh folder and returns it. */
export function buildSite() {
  const out = join(mkdtempSync(join(tmpdir(), 'gongkai-e2e-')), 'public');
  cargo(['build', '--quiet', '--bin', 'gongkai']);
  execFileSync(join(targetDir, 'debug', 'gongkai'), ['build', '--output', out], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!readFileSync(join(out, 'index.html'), 'utf8').includes('search/meta-')) {
    throw new Error('the built site has no search index: index.html loads no search/meta-*.js');
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
