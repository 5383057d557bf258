/* The tools of the lists the server writes as tables (search results, a node's papers and
 * people): a table with data-sortable sorts by the column whose header button is pressed
 * (numbers largest first), data-page-size shows that many rows and a "show more" button,
 * data-filter adds a box that keeps the rows holding its words (and a type menu when the
 * rows carry data-type), data-csv a "Download CSV" button writing the rows shown (id first),
 * data-more-url (with data-more-offset) lets "show more" fetch the next rows of a node's papers
 * from the server once the rows in the page are all shown. Everything is read from the
 * table's own cells, or the server's JSON, as text. */
import * as dom from "./dom.js";

var el = dom.el;

function cellText(cell) {
  return cell ? (cell.dataset.value !== undefined ? cell.dataset.value :
    cell.textContent.replace(/\s+/g, " ").trim()) : "";
}

function rowsOf(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }

/* The header texts and the rows not filtered out, as CSV, with each row's data-id first. */
export function tableCsv(table, rows) {
  var heads = Array.prototype.map.call(table.tHead.rows[0].cells, cellText);
  var lines = [["id"].concat(heads)];
  (rows || rowsOf(table).filter(function (r) { return !r.classList.contains("filtered"); }))
    .forEach(function (row) {
      lines.push([row.dataset.id || ""].concat(Array.prototype.map.call(row.cells, cellText)));
    });
  return dom.csv(lines);
}

function sortable(table, refresh) {
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var current = {index: -1, descending: false};
  heads.forEach(function (th, index) {
    var numeric = th.classList.contains("num");
    var button = el("button", {type: "button", className: "sort"}, th.textContent.trim());
    dom.clear(th);
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      current = {index: index, descending: current.index === index ? !current.descending :
        numeric};
      var rows = rowsOf(table).sort(function (a, b) {
        var x = cellText(a.cells[index]), y = cellText(b.cells[index]);
        if (x === "" || y === "") { return (x === "") - (y === ""); }
        var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return current.descending ? -order : order;
      });
      rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      heads.forEach(function (h, i) {
        h.setAttribute("aria-sort", i !== index ? "none" :
          (current.descending ? "descending" : "ascending"));
      });
      refresh();
    });
  });
}

function enhance(table) {
  var tools = el("div", {className: "list-tools"});
  var size = Number(table.dataset.pageSize) || Infinity, shown = size;
  var more = el("button", {type: "button", className: "show-more"}, "show more");
  var filter = null, type = null;
  function visible(row) {
    var words = filter ? filter.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var text = Array.prototype.map.call(row.cells, cellText).join(" ").toLowerCase();
    return words.every(function (w) { return text.indexOf(w) >= 0; }) &&
      (!type || !type.value || row.dataset.type === type.value);
  }
  function refresh() {
    var n = 0, passing = 0;
    rowsOf(table).forEach(function (row) {
      var ok = visible(row);
      row.classList.toggle("filtered", !ok);
      if (ok) { passing += 1; }
      row.hidden = !ok || ++n > shown;
    });
    var left = passing - Math.min(passing, shown), remote = !!table.dataset.moreUrl;
    more.hidden = left === 0 && !remote;
    dom.clear(more);
    more.appendChild(document.createTextNode(left || !remote ?
      "show more (" + left + " left)" : "show more (from the server)"));
  }
  if (table.dataset.filter !== undefined) {
    filter = el("input", {type: "search", className: "list-filter", "aria-label":
      "filter " + (table.dataset.filter || "the rows"), placeholder: "filter…"});
    filter.addEventListener("input", function () { shown = size; refresh(); });
    tools.appendChild(filter);
    var types = {};
    rowsOf(table).forEach(function (r) { if (r.dataset.type) { types[r.dataset.type] = 1; } });
    if (Object.keys(types).length > 1) {
      type = el("select", {"aria-label": "type"}, el("option", {value: ""}, "all types"),
        Object.keys(types).sort().map(function (t) { return el("option", {value: t}, t); }));
      type.addEventListener("change", function () { shown = size; refresh(); });
      tools.appendChild(type);
    }
  }
  if (table.dataset.csv) {
    var save = el("button", {type: "button", className: "csv-download"}, "Download CSV");
    save.addEventListener("click", function () {
      dom.download(table.dataset.csv + ".csv", tableCsv(table));
    });
    tools.appendChild(save);
  }
  if (table.dataset.sortable !== undefined) { sortable(table, refresh); }
  more.addEventListener("click", function () {
    var passing = rowsOf(table).filter(visible).length;
    if (passing > shown || !table.dataset.moreUrl) { shown += size; refresh(); return; }
    more.disabled = true;
    fetchMore(table).then(function (added) {
      more.disabled = false;
      shown += Math.max(size, added);  /* a page from the server is shown whole */
      refresh();
    }, function () { more.disabled = false; });
  });
  table.parentNode.insertBefore(tools, table);
  table.parentNode.insertBefore(more, table.nextSibling);
  refresh();
}

/* A row of a node's papers as the server writes it: linked title, year, citations. */
function paperRow(paper) {
  var link = el("a", {href: dom.pageUrl("paper", paper.id)},
    paper.title ? dom.formatted(paper.title) : paper.id);
  var year = paper.year === null || paper.year === undefined ? "" : String(paper.year);
  var cited = paper.indegree === null || paper.indegree === undefined ? "" :
    String(paper.indegree);
  return el("tr", {dataset: {id: paper.id, type: "Paper"}}, el("td", {}, link),
    el("td", {className: "num"}, year), el("td", {className: "num"}, cited));
}

/* Append the next page of rows from data-more-url; forget the URL after the last page. */
function fetchMore(table) {
  var offset = Number(table.dataset.moreOffset) || 0;
  var url = table.dataset.moreUrl + "?offset=" + offset;
  return dom.getJSON(url).then(function (page) {
    page.papers.forEach(function (paper) { table.tBodies[0].appendChild(paperRow(paper)); });
    table.dataset.moreOffset = String(offset + page.papers.length);
    if (!page.more || !page.papers.length) { delete table.dataset.moreUrl; }
    return page.papers.length;
  });
}

/* Give every list table of the page its tools. */
export function start() {
  document.querySelectorAll("table[data-csv], table[data-sortable], table[data-page-size]")
    .forEach(enhance);
}
