// The built site on a phone: headless Chromium at 390 × 844 CSS px (from file://). Every bar's
// value of the comparison charts and the department charts is on screen without scrolling
// sideways (each chart is the image of its one drawing, 340 px wide with the labels above the
// bars, and every value lies inside that drawing), the page itself never scrolls sideways, and every table column can be reached (the
// table fits, or its own frame scrolls). The home table's 三公 column is on screen.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { keyPages, launch, siteDir } from "./lib/site.mjs";

const WIDTH = 390;
const dir = siteDir();
const pages = keyPages(dir);
let browser, context;

before(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true });
});
after(async () => {
  await browser?.close();
});

const url = (path) => pathToFileURL(join(dir, path)).href;

/** Per chart of the page: its id, how many values its data table lists, and the image shown
 * (the file it shows and its box on screen). */
async function shownImages(page) {
  return page.$$eval("figure.chart", (figures) => figures.map((f) => {
    const img = f.querySelector("img");
    const r = img ? img.getBoundingClientRect() : null;
    return {
      id: f.id,
      rows: f.querySelectorAll("table.chart-data tbody tr").length,
      src: img ? img.currentSrc : "",
      loaded: Boolean(img && img.complete && img.naturalWidth > 0),
      left: r ? r.left : -1,
      right: r ? r.right : Infinity,
    };
  }));
}

/** Each value text of a drawing (its file opened on its own) with its box, and the drawing's width. */
async function drawnValues(file) {
  const page = await context.newPage();
  try {
    await page.goto(file);
    return await page.$eval("svg", (svg) => ({
      width: Number(svg.getAttribute("width")),
      values: Array.from(svg.querySelectorAll("text.value"), (t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, left: r.left, right: r.right, width: r.width };
      }),
    }));
  } finally {
    await page.close();
  }
}

async function noSidewaysScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.scrollingElement.scrollWidth,
    client: document.scrollingElement.clientWidth,
  }));
  assert.ok(scroll <= client, `the page scrolls sideways: ${scroll} > ${client}`);
}

for (const name of ["compare", "department", "classification"]) {
  test(`${name} page at ${WIDTH} px: every bar's value is on screen`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(url(pages[name]));
      await noSidewaysScroll(page);
      const charts = await shownImages(page);
      assert.ok(charts.length > 0, "the page has charts");
      for (const c of charts) {
        assert.ok(c.src.endsWith(".svg"), `${c.id}: the drawing is shown (${c.src})`);
        assert.ok(c.loaded, `${c.id}: ${c.src} loads`);
        assert.ok(c.left >= 0 && c.right <= WIDTH, `${c.id}: the drawing at ${c.left}–${c.right} is off screen`);
        // The image scales its drawing to fit: every value inside the drawing is on screen.
        const drawing = await drawnValues(c.src);
        assert.equal(drawing.values.length, c.rows, `${c.id}: a value for every row of its data table`);
        for (const v of drawing.values) {
          assert.ok(v.width > 0, `${c.id}: ${v.text} has a size`);
          assert.ok(v.left >= 0 && v.right <= drawing.width, `${c.id}: ${v.text} at ${v.left}–${v.right} is outside its ${drawing.width} px drawing`);
        }
      }
    } finally {
      await page.close();
    }
  });
}

test(`every table column can be reached at ${WIDTH} px; the home table's 三公 column is on screen`, async () => {
  const page = await context.newPage();
  try {
    for (const name of ["index", "compare", "department", "projects", "audit"]) {
      await page.goto(url(pages[name]));
      await noSidewaysScroll(page);
      const unreachable = await page.$$eval("main table", (tables) => tables.flatMap((t) => {
        const frame = t.closest(".scroll");
        const box = t.getBoundingClientRect();
        const fits = box.right <= document.documentElement.clientWidth + 0.5;
        const scrolls = frame && getComputedStyle(frame).overflowX === "auto";
        return fits || scrolls ? [] : [t.id || t.className || t.outerHTML.slice(0, 60)];
      }));
      assert.deepEqual(unreachable, [], `${pages[name]}: tables neither fit nor scroll`);
    }
    await page.goto(url(pages.index));
    const column = await page.$$eval("#table-headline thead th", (ths) => {
      const th = ths.find((h) => h.textContent.includes("三公"));
      if (!th) return null;
      const r = th.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    assert.ok(column, "the home table has a 三公 column");
    assert.ok(column.left >= 0 && column.right <= WIDTH, `三公 column at ${column.left}–${column.right}`);
  } finally {
    await page.close();
  }
});
