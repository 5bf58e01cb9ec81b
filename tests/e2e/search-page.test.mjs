// The search results page as a reader reaches it from file:// and http://: a shareable query
// returns results, and the page passes axe-core. (search.test.mjs drives the search box itself.)

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launch, openPage, origins, seriousViolations, siteDir } from "./lib/site.mjs";

/** The search results page, relative to the site root. */
const SEARCH_PAGE = "search/index.html";
/** The query string parameter the search page reads. */
const QUERY_PARAM = "q";
/** One search result on the results page. */
const RESULT = "#search-page-results a";
/** A query the example site must answer (a department of content/budgets). */
const QUERY = "卫辉";

const dir = siteDir();
if (!existsSync(join(dir, SEARCH_PAGE))) {
  throw new Error(`the built site has no search page (${SEARCH_PAGE})`);
}
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
  describe(`search results from ${origin.name}`, () => {
    const url = () => `${origin.base}${SEARCH_PAGE}?${QUERY_PARAM}=${encodeURIComponent(QUERY)}`;

    test(`a search for "${QUERY}" returns results`, async () => {
      const context = await browser.newContext();
      try {
        const { page, problems } = await openPage(context, url());
        await page.waitForSelector(RESULT, { timeout: 5000 }).catch(() => {});
        const count = await page.locator(RESULT).count();
        assert.ok(count > 0, `the search for "${QUERY}" returned nothing (no ${RESULT})`);
        assert.deepEqual(problems, [], "no console errors or failed requests");
      } finally {
        await context.close();
      }
    });

    test("the search results page has no serious or critical axe-core violations", async () => {
      const context = await browser.newContext();
      try {
        const { page } = await openPage(context, url());
        await page.waitForSelector(RESULT, { timeout: 5000 }).catch(() => {});
        const violations = await seriousViolations(page);
        assert.deepEqual(violations, [], `axe-core on ${SEARCH_PAGE}:\n  ${violations.join("\n  ")}`);
      } finally {
        await context.close();
      }
    });
  });
}
