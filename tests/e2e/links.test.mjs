// Every internal link and anchor of every page of the built site resolves (see lib/links.mjs).

import assert from "node:assert/strict";
import { test } from "node:test";
import { checkLinks } from "./lib/links.mjs";
import { siteDir } from "./lib/site.mjs";

test("every internal link and #anchor of every HTML page resolves", (t) => {
  const dir = siteDir();
  const { pages, links, broken } = checkLinks(dir);
  t.diagnostic(`${pages} pages, ${links} internal links checked in ${dir}`);
  assert.ok(pages > 0, "the site has pages");
  if (broken.length > 0) {
    const shown = broken.slice(0, 50).join("\n  ");
    const more = broken.length > 50 ? `\n  … and ${broken.length - 50} more` : "";
    assert.fail(`${broken.length} broken link(s):\n  ${shown}${more}`);
  }
});
