// The built site in headless Chromium, opened from file:// and from a local server: the key
// pages render (title, lang, no console errors, no failed requests), the navigation works, a
// source-line anchor highlights its line, the projects filter finds rows, and axe-core finds no
// serious or critical accessibility violation.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { keyPages, launch, openPage, origins, seriousViolations, siteDir } from "./lib/site.mjs";

const dir = siteDir();
const pages = keyPages(dir);
const servers = await origins(dir);
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

for (const origin of servers) {
  describe(`from ${origin.name}`, () => {
    let context;
    before(async () => {
      context = await browser.newContext();
    });
    after(async () => {
      await context?.close();
    });

    for (const [name, path] of Object.entries(pages)) {
      test(`${name} page (${path}) renders without errors`, async () => {
        const { page, problems } = await openPage(context, origin.base + path);
        try {
          assert.notEqual((await page.title()).trim(), "", "the page has a title");
          assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
          assert.equal(await page.locator("h1").count(), 1, "one <h1>");
          assert.ok((await page.locator("main").innerText()).trim().length > 0, "<main> has content");
          assert.deepEqual(problems, [], "no console errors or failed requests");
        } finally {
          await page.close();
        }
      });
    }

    for (const name of ["index", "department", "timeline", "compare", "classification", "projects", "audit"]) {
      test(`${name} page has no serious or critical axe-core violations`, async () => {
        const { page } = await openPage(context, origin.base + pages[name]);
        try {
          const violations = await seriousViolations(page);
          assert.deepEqual(violations, [], `axe-core on ${pages[name]}:\n  ${violations.join("\n  ")}`);
        } finally {
          await page.close();
        }
      });
    }

    test("the site navigation leads to every section and back", async () => {
      const { page, problems } = await openPage(context, origin.base + pages.index);
      try {
        for (const [label, path, h1] of [
          ["部门比较", "compare/index.html", "部门比较"],
          ["功能分类", "classification/index.html", "按功能分类科目"],
          ["项目", "projects/index.html", "全部项目"],
          ["审核", "audit/index.html", "审核结果"],
          ["首页", "index.html", null],
        ]) {
          await Promise.all([
            page.waitForURL((u) => u.href.endsWith(path)),
            page.locator("header.site nav").getByRole("link", { name: label, exact: true }).click(),
          ]);
          if (h1) assert.equal((await page.locator("h1").innerText()).trim(), h1);
        }
        // index → the first department card → its classification link → back to the department
        const card = page.locator("#departments a.card-title").first();
        const name = (await card.innerText()).trim();
        await Promise.all([page.waitForURL(/departments\/[^/]+\/[^/]+\/index\.html$/), card.click()]);
        assert.ok((await page.locator("h1").innerText()).includes(name), `the department page is ${name}'s`);
        const code = page.locator("#functions tbody a").first();
        const codeText = (await code.innerText()).trim();
        await Promise.all([page.waitForURL(/classification\//), code.click()]);
        assert.ok((await page.locator("h1").innerText()).startsWith(codeText), `classification ${codeText}`);
        await Promise.all([
          page.waitForURL(/departments\/[^/]+\/[^/]+\/index\.html#fn-\d+$/),
          page.locator("main tbody th a", { hasText: name }).first().click(),
        ]);
        assert.ok((await page.locator("h1").innerText()).includes(name), "back on the department page");
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });

    test("a source anchor (source.html#L123) highlights its line", async () => {
      const { page, problems } = await openPage(context, `${origin.base}${pages.source}#L123`);
      try {
        const line = page.locator("#L123");
        assert.equal(await line.count(), 1, "the source page has line 123");
        assert.equal(await line.evaluate((el) => el.matches(":target")), true, "#L123 is the target");
        const { background, outline } = await line.evaluate((el) => {
          const s = getComputedStyle(el);
          return { background: s.backgroundColor, outline: s.outlineStyle };
        });
        assert.notEqual(background, "rgba(0, 0, 0, 0)", "the targeted line has a background");
        assert.notEqual(outline, "none", "the targeted line is outlined");
        const other = await page.locator("#L122").evaluate((el) => getComputedStyle(el).backgroundColor);
        assert.notEqual(other, background, "other lines are not highlighted");
        assert.ok(await line.isVisible(), "the line is visible");
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });

    test("a figure on a department page links to its line of the source", async () => {
      const { page, problems } = await openPage(context, origin.base + pages.department);
      try {
        const fig = page.locator("#overview a.fig").first();
        const href = await fig.getAttribute("href");
        assert.match(href, /source\.html#L\d+$/);
        const id = href.split("#")[1];
        await Promise.all([page.waitForURL((u) => u.hash === `#${id}`), fig.click()]);
        assert.equal(await page.locator(`#${id}`).evaluate((el) => el.matches(":target")), true);
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });

    test("the projects filter finds a project by name and hides the rest", async () => {
      const { page, problems } = await openPage(context, origin.base + pages.projects);
      try {
        const rows = page.locator("#projects-table tbody tr");
        const total = await rows.count();
        assert.ok(total > 1, "the table lists projects");
        const name = (await rows.first().locator("td").first().innerText()).trim();
        await page.locator("#filter").fill(name);
        const shown = await page.locator("#projects-table tbody tr:not([hidden])").count();
        assert.ok(shown >= 1, `filtering for "${name}" shows at least one row (shows ${shown})`);
        assert.ok(shown < total, `filtering for "${name}" hides other rows`);
        await page.locator("#filter").fill("没有这样的项目zzz");
        assert.equal(await page.locator("#projects-table tbody tr:not([hidden])").count(), 0);
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });

    test("a sortable table sorts by a clicked header", async () => {
      const { page, problems } = await openPage(context, origin.base + pages.compare);
      try {
        const th = page.locator("#compare-totals thead th").nth(3);
        await th.click();
        assert.equal(await th.getAttribute("aria-sort"), "ascending");
        const values = await page
          .locator("#compare-totals tbody tr td:nth-child(4)")
          .evaluateAll((tds) => tds.map((td) => td.getAttribute("data-v")).filter((v) => v !== ""));
        const numbers = values.map(Number);
        assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  });
}
