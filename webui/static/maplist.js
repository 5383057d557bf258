/* The map's nodes as a sortable table (year, citations, rank, ...), and "find in map":
 * a type-ahead over the drawn nodes that centres and selects the one chosen. */
import * as dom from "./dom.js";
import * as palette from "./palette.js";

var el = dom.el;
var COLUMNS = [
  {key: "rank", label: "Rank", numeric: true, value: function (n) { return n.rank + 1; }},
  {key: "label", label: "Node", value: function (n) { return n.label || n.id; }},
  {key: "title", label: "Title / name", value: function (n) { return n.title || ""; }},
  {key: "type", label: "Type", value: function (n) { return n.type; }},
  {key: "year", label: "Year", numeric: true, value: function (n) { return n.year || null; }},
  {key: "citations", label: "Citations", numeric: true,
    value: function (n) { return n.type === "Paper" ? palette.citations(n) : null; }},
  {key: "community", label: "Community", value: function (n) { return n.communityLabel || ""; }}
];
var sort = {key: "rank", descending: false};

function compare(column) {
  return function (a, b) {
    var x = column.value(a), y = column.value(b);
    if (x === null && y === null) { return 0; }
    if (x === null) { return 1; }
    if (y === null) { return -1; }
    var order = column.numeric ? x - y : String(x).localeCompare(String(y));
    return sort.descending ? -order : order;
  };
}

export function render(box, nodes, onPick) {
  dom.clear(box);
  var column = COLUMNS.filter(function (c) { return c.key === sort.key; })[0];
  var rows = nodes.slice().sort(compare(column));
  var head = el("tr", {}, COLUMNS.map(function (c) {
    var state = c.key === sort.key ? (sort.descending ? "descending" : "ascending") : "none";
    var button = el("button", {type: "button", className: "sort", dataset: {sort: c.key}},
      c.label, c.key === sort.key ? (sort.descending ? " ▼" : " ▲") : "");
    button.addEventListener("click", function () {
      sort = {key: c.key, descending: c.key === sort.key ? !sort.descending :
        (c.numeric && c.key !== "rank")};
      render(box, nodes, onPick);
    });
    return el("th", {scope: "col", "aria-sort": state}, button);
  }));
  var body = rows.map(function (n) {
    var name = el("a", {href: dom.pageUrl(n.type, n.id)}, n.label || n.id);
    var show = el("button", {type: "button", className: "link-button",
      "aria-label": "show " + (n.label || n.id) + " on the map"}, "show");
    show.addEventListener("click", function () { onPick(n.id); });
    return el("tr", {dataset: {id: n.id}}, COLUMNS.map(function (c) {
      if (c.key === "label") { return el("td", {}, name, " ", show); }
      var value = c.value(n);
      return el("td", {className: c.numeric ? "num" : ""}, value === null ? "–" : value);
    }));
  });
  box.appendChild(el("table", {className: "results node-table"},
    el("caption", {}, "Nodes of this map, sortable; " + nodes.length + " row" +
      (nodes.length === 1 ? "" : "s")),
    el("thead", {}, head), el("tbody", {}, body)));
}

function normalise(text) { return String(text || "").toLowerCase(); }

export function matches(nodes, query) {
  var q = normalise(query).trim();
  if (!q) { return []; }
  return nodes.filter(function (n) {
    return normalise(n.label).indexOf(q) >= 0 || normalise(n.title).indexOf(q) >= 0 ||
      normalise(n.first_author).indexOf(q) >= 0;
  }).sort(function (a, b) {
    var sa = normalise(a.label).indexOf(q) === 0 ? 0 : 1;
    var sb = normalise(b.label).indexOf(q) === 0 ? 0 : 1;
    return sa - sb || (a.rank || 0) - (b.rank || 0);
  });
}

export function findBox(input, list, getNodes, onPick) {
  function refresh() {
    dom.clear(list);
    var found = matches(getNodes(), input.value).slice(0, 8);
    list.hidden = !found.length;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    found.forEach(function (n, i) {
      var option = el("li", {role: "option", id: "find-option-" + i, tabindex: "-1",
        dataset: {id: n.id}}, n.label + (n.title && n.title !== n.label ? " — " + n.title : ""));
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(n.id);
      });
      list.appendChild(option);
    });
  }
  function choose(id) {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    onPick(id);
  }
  input.addEventListener("input", refresh);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      var first = matches(getNodes(), input.value)[0];
      if (first) { choose(first.id); }
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
  input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
}
