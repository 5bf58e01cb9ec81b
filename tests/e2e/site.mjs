// Helpers of the search benchmark: cargo, the repository, and the search box markup.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const targetDir = process.env.CARGO_TARGET_DIR || join(repo, 'target');

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
