// Sortable tables (click a header) and in-page row filtering. The pages are complete without it.
(function () {
  "use strict";
  function key(cell) {
    if (!cell) return "";
    var v = cell.getAttribute("data-v");
    return v !== null ? v : cell.textContent.trim();
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.getAttribute("aria-sort") === "ascending";
    var numeric = rows.every(function (r) {
      var k = key(r.cells[index]);
      return k === "" || !isNaN(parseFloat(k));
    });
    rows.sort(function (a, b) {
      var x = key(a.cells[index]), y = key(b.cells[index]);
      // Undisclosed figures always go last, whatever the direction.
      if (x === "" || y === "") return (x === "") - (y === "");
      var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-CN");
      return descending ? -c : c;
    });
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead) return;
    var headers = table.tHead.rows[table.tHead.rows.length - 1].cells;
    Array.prototype.forEach.call(headers, function (th, i) {
      th.tabIndex = 0;
      th.title = "点击排序";
      th.addEventListener("click", function (e) {
        if (e.target.tagName === "A") return;
        sortBy(table, i, th);
      });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, i, th); }
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table || !table.tBodies[0]) return;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
})();
