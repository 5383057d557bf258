/* The map's nodes as a sortable table (year, citations, rank, ...) with a filter by type,
 * "show more" (PAGE rows at a time), a CSV of the rows kept by the filter, and the row of
 * the node selected on the map marked; and "find in map": a type-ahead over the drawn
 * nodes (up and down move through the matches, Enter chooses) that centres and selects the
 * one chosen. */
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
var PAGE = 100, shown = PAGE, typeFilter = "", selected = null;

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

function tools(box, nodes, rows, onPick) {
  var types = {};
  nodes.forEach(function (n) { types[n.type] = (types[n.type] || 0) + 1; });
  var menu = el("select", {"aria-label": "show the nodes of type", className: "type-menu"},
    el("option", {value: ""}, "all types (" + nodes.length + ")"),
    Object.keys(types).sort().map(function (t) {
      return el("option", {value: t, selected: t === typeFilter}, t + " (" + types[t] + ")");
    }));
  menu.addEventListener("change", function () {
    typeFilter = menu.value;
    shown = PAGE;
    render(box, nodes, onPick);
    box.querySelector(".type-menu").focus();
  });
  var save = el("button", {type: "button", className: "csv-download"}, "Download CSV");
  save.addEventListener("click", function () {
    dom.download("research-map-nodes.csv", dom.csv([["id"].concat(COLUMNS.map(function (c) {
      return c.label;
    }))].concat(rows.map(function (n) {
      return [n.id].concat(COLUMNS.map(function (c) { return c.value(n); }));
    }))));
  });
  return el("div", {className: "list-tools"}, menu, save);
}

export function render(box, nodes, onPick) {
  dom.clear(box);
  var column = COLUMNS.filter(function (c) { return c.key === sort.key; })[0];
  var rows = nodes.filter(function (n) { return !typeFilter || n.type === typeFilter; })
    .sort(compare(column));
  var head = el("tr", {}, COLUMNS.map(function (c) {
    var state = c.key === sort.key ? (sort.descending ? "descending" : "ascending") : "none";
    var button = el("button", {type: "button", className: "sort", dataset: {sort: c.key}},
      c.label, c.key === sort.key ? (sort.descending ? " ▼" : " ▲") : "");
    button.addEventListener("click", function () {
      sort = {key: c.key, descending: c.key === sort.key ? !sort.descending :
        (c.numeric && c.key !== "rank")};
      render(box, nodes, onPick);
      box.querySelector("button[data-sort=" + c.key + "]").focus();
    });
    return el("th", {scope: "col", "aria-sort": state}, button);
  }));
  var body = rows.slice(0, shown).map(function (n) {
    var name = el("a", {href: dom.pageUrl(n.type, n.id)}, n.label || n.id);
    var show = el("button", {type: "button", className: "link-button",
      "aria-label": "select " + (n.label || n.id) + " on the map"}, "select");
    show.addEventListener("click", function () { onPick(n.id, true); });
    return el("tr", {dataset: {id: n.id}, className: n.id === selected ? "selected" : "",
      "aria-selected": n.id === selected ? "true" : "false"}, COLUMNS.map(function (c) {
      if (c.key === "label") { return el("td", {}, name, " ", show); }
      if (c.key === "title") { return el("td", {}, dom.formatted(n.title || "")); }
      var value = c.value(n);
      return el("td", {className: c.numeric ? "num" : ""}, value === null ? "–" : value);
    }));
  });
  var more = null;
  if (rows.length > shown) {
    more = el("button", {type: "button", className: "show-more"}, "show more (" +
      (rows.length - shown) + " left)");
    more.addEventListener("click", function () {
      shown += PAGE;
      render(box, nodes, onPick);
    });
  }
  box.appendChild(tools(box, nodes, rows, onPick));
  box.appendChild(el("table", {className: "results node-table"},
    el("caption", {}, "Nodes of this map, sortable; " + rows.length + " row" +
      (rows.length === 1 ? "" : "s") + (rows.length > shown ? ", the first " + shown +
      " shown" : "")),
    el("thead", {}, head), el("tbody", {}, body)));
  if (more) { box.appendChild(more); }
}

/* The nodes with the name of their community (for the list's column). */
export function withCommunities(nodes, communities) {
  var names = {};
  (communities || []).forEach(function (c) { names[c.id] = c.label; });
  return nodes.map(function (n) {
    return Object.assign({}, n, {communityLabel: names[n.community] || ""});
  });
}

/* Mark the row of the node selected on the map (or none). */
export function mark(box, id) {
  selected = id;
  box.querySelectorAll("tbody tr").forEach(function (tr) {
    var on = tr.dataset.id === id;
    tr.classList.toggle("selected", on);
    tr.setAttribute("aria-selected", on ? "true" : "false");
  });
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
  var found = [], active = -1;
  function activate(i) {
    active = i;
    Array.prototype.forEach.call(list.children, function (li, j) {
      li.setAttribute("aria-selected", j === i ? "true" : "false");
      if (j === i) { li.scrollIntoView({block: "nearest"}); }
    });
    if (i >= 0) { input.setAttribute("aria-activedescendant", "find-option-" + i); }
    else { input.removeAttribute("aria-activedescendant"); }
  }
  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    activate(-1);
  }
  function refresh() {
    dom.clear(list);
    found = matches(getNodes(), input.value).slice(0, 12);
    list.hidden = !found.length;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    found.forEach(function (n, i) {
      var option = el("li", {role: "option", id: "find-option-" + i, "aria-selected": "false",
        dataset: {id: n.id}}, n.label + (n.title && n.title !== n.label ? " — " +
        dom.plain(n.title) : ""));
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(n.id);
      });
      list.appendChild(option);
    });
    activate(-1);
  }
  function choose(id) {
    close();
    onPick(id, true);
  }
  input.addEventListener("input", refresh);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { refresh(); }
      if (!found.length) { return; }
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(active < 0 && step < 0 ? found.length - 1 :
        (active + step + found.length) % found.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      var pick = active >= 0 ? found[active] : matches(getNodes(), input.value)[0];
      if (pick) { choose(pick.id); }
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
}
