// End to end: the built example site, opened from file:// in headless Chromium, answers searches
// typed into the header's box and on the results page. Run: node --test tests/e2e/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, searchFor, siteDir } from './lib/site.mjs';

let site, browser, page;
const errors = [];

before(async () => {
  site = siteDir();
  browser = await launch();
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
});

after(async () => {
  await browser?.close();
});

const url = (path) => pathToFileURL(join(site, path)).href;

/** Types into the header box, key by key, and waits for the drop-down of that query. */
const typeQuery = (query) => searchFor(page, query, { keys: true });

/** The results page of a query: [{kind, title, department, href}]. */
async function resultsPage(query) {
  await page.goto(url('search/index.html') + '?q=' + encodeURIComponent(query));
  await page.waitForFunction(() => document.getElementById('search-page').hasAttribute('data-search-ms'));
  return page.$$eval('#search-page-results li', (items) => items.map((li) => ({
    kind: li.querySelector('.gk-kind').textContent,
    title: li.querySelector('.gk-title').textContent,
    department: li.querySelector('.gk-dept')?.textContent ?? '',
    href: li.querySelector('a').href,
    marked: li.querySelector('mark')?.textContent ?? '',
    marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
    figure: li.querySelector('.gk-fig')?.textContent ?? '',
  })));
}

test('电子政务 finds 卫辉’s 电子政务 projects, linked to their place', async () => {
  await page.goto(url('index.html'));
  const detail = await typeQuery('电子政务');
  assert.ok(detail.count > 0);
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
  const results = await resultsPage('电子政务');
  const weihui = results.filter((r) => r.department.includes('卫辉') && r.kind === '项目' && r.title.includes('电子政务'));
  assert.ok(weihui.length > 0, JSON.stringify(results, null, 1));
  assert.equal(weihui[0].marked, '电子政务');
  assert.match(weihui[0].href, /departments\/weihui\/2024\/index\.html#project-\d+$/);
  await page.goto(weihui[0].href);
  const id = new URL(weihui[0].href).hash.slice(1);
  assert.ok((await page.textContent(`[id="${id}"]`)).includes('电子政务'));
});

test('2010301 finds 行政运行 for every department that has it', async () => {
  const results = await resultsPage('2010301');
  // Each department's year pages: departments/<id>/<year>/.
  const departments = readdirSync(join(site, 'departments')).flatMap((id) =>
    readdirSync(join(site, 'departments', id), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `${id}/${e.name}`),
  );
  let withCode = 0;
  for (const slug of departments) {
    await page.goto(url(`departments/${slug}/index.html`));
    if (!(await page.$('[id="fn-2010301"]'))) continue;
    withCode++;
    const hit = results.find((r) => r.href.endsWith(`departments/${slug}/index.html#fn-2010301`));
    assert.ok(hit, `${slug}: ${JSON.stringify(results, null, 1)}`);
    assert.equal(hit.title, '2010301 行政运行');
  }
  assert.ok(withCode > 0);
});

test('热线 finds 漯河’s 12345 projects', async () => {
  const results = await resultsPage('热线');
  const luohe = results.filter((r) => r.department.includes('漯河') && r.title.includes('12345'));
  assert.ok(luohe.length >= 2, JSON.stringify(results, null, 1));
});

test('三公 finds results', async () => {
  await page.goto(url('index.html'));
  const detail = await typeQuery('三公');
  assert.ok(detail.count > 0);
  assert.ok((await page.$$('#gk-listbox li[role=option]')).length > 1);
});

test('卫辉 三公 finds 卫辉’s 三公 section first, with its amount', async () => {
  const results = await resultsPage('卫辉 三公');
  const first = results[0];
  assert.ok(first, 'no results');
  assert.equal(first.kind, '“三公”经费', JSON.stringify(results.slice(0, 5), null, 1));
  assert.ok(first.department.includes('卫辉'), JSON.stringify(first));
  assert.match(first.href, /departments\/weihui\/2024\/index\.html#sanggong$/);
  // Whole terms are marked, never a lone character of them.
  assert.ok(first.marks.includes('三公'), JSON.stringify(first));
  assert.ok(first.marks.every((m) => m === '三公' || m === '卫辉'), JSON.stringify(first));
  // The figure shown is the total the department page states in its 三公 section.
  const figure = first.figure.match(/^([\d,.]+) 万元$/);
  assert.ok(figure, `figure shown: ${JSON.stringify(first.figure)}`);
  await page.goto(first.href);
  assert.ok((await page.textContent('[id="sanggong"]')).includes(figure[1]), figure[1]);
  // 卫辉's places that match both terms come before any other department's.
  const firstOther = results.findIndex((r) => !(r.kind === '部门' ? r.title : r.department).includes('卫辉'));
  const both = results.map((r, i) => (r.department.includes('卫辉') && r.marks.includes('三公') ? i : -1))
    .filter((i) => i >= 0);
  assert.ok(firstOther < 0 || both.every((i) => i < firstOther), JSON.stringify(results, null, 1));
});

test('a nonsense query says clearly that nothing was found', async () => {
  await page.goto(url('index.html'));
  const detail = await typeQuery('齉龘xqzzv');
  assert.equal(detail.count, 0);
  assert.match(await page.textContent('#gk-status'), /没有找到与“齉龘xqzzv”相关的结果/);
  assert.ok(await page.isVisible('#gk-status'));
  const results = await resultsPage('齉龘xqzzv');
  assert.equal(results.length, 0);
  assert.match(await page.textContent('#search-status'), /没有找到/);
});

test('keyboard: / focuses, arrows move, Enter opens, Esc closes', async () => {
  await page.goto(url('departments/weihui/2024/index.html'));
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await typeQuery('热线');
  await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#q', 'aria-activedescendant');
  assert.equal(active, 'gk-option-0');
  assert.equal(await page.getAttribute('#gk-option-0', 'aria-selected'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'false');
  assert.ok(await page.isHidden('#search-results'));
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('#gk-option-0');
  await page.keyboard.press('ArrowDown');
  const href = await page.getAttribute('#gk-option-0', 'data-href');
  await Promise.all([page.waitForURL((u) => u.href.includes('#')), page.keyboard.press('Enter')]);
  assert.equal(page.url(), new URL(href, page.url()).href);
  // Enter with nothing selected opens the results page.
  await typeQuery('行政运行');
  await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.getElementById('search-page').hasAttribute('data-search-ms'));
  assert.ok((await page.$$('#search-page-results li')).length > 0);
});

test('no script errors on the way', () => {
  assert.deepEqual(errors, []);
});
