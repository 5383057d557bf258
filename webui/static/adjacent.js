/* Adjacent work in three tabs (prior, derivative, similar; people on non-paper pages):
 * each item with title, first author, year, venue, a relative score bar, its evidence in
 * words (the papers behind it by title, expandable) and "add to map", which calls the
 * addToMap function start() is given (map.js's add, handed over by page.js). Each list
 * sorts (relevance, year, citations, title), shows PAGE items, then asks the server for
 * PAGE more at a time, and downloads as CSV. */
import * as dom from "./dom.js";

var el = dom.el, addToMap = null;
var NAMES = {prior: "prior work", derivative: "derivative work", similar: "similar work",
  people: "people"};

function byline(s) {
  var parts = [];
  if (s.first_author) { parts.push(s.first_author + (s.authors > 1 ? " et al." : "")); }
  if (s.year) { parts.push(String(s.year)); }
  if (s.venue) { parts.push(s.venue); }
  if (s.citations) { parts.push(s.citations + " citation" + (s.citations === 1 ? "" : "s")); }
  return parts.join(" · ");
}

function bar(relative, rank) {
  var outer = el("span", {className: "score-bar", role: "img",
    "aria-label": "rank " + rank + ", relative score " + Math.round(relative * 100) + " %",
    title: "relative score " + Math.round(relative * 100) + " % of the best"});
  var inner = el("span", {className: "score-fill"});
  inner.style.width = Math.max(4, Math.round(relative * 100)) + "%";
  outer.appendChild(inner);
  return outer;
}

function evidence(s) {
  var lines = (s.evidence || []).map(function (line) { return el("li", {}, line); });
  var papers = s.evidence_papers || [];
  if (papers.length) {
    var details = el("details", {className: "evidence-papers"},
      el("summary", {}, "the papers behind it"),
      el("ul", {}, papers.map(function (p) {
        return el("li", {}, el("a", {href: dom.pageUrl("paper", p.id)},
          dom.formatted(p.title)),
          p.year ? " (" + p.year + ")" : "");
      })));
    lines.push(el("li", {className: "evidence-more"}, details));
  }
  return el("ul", {className: "explanation"}, lines);
}

function addButton(s) {
  var add = el("button", {type: "button", className: "add-to-map", dataset: {id: s.id}},
    "add to map");
  add.addEventListener("click", function () {
    add.disabled = true;
    add.textContent = "adding…";
    addToMap(s.id).then(function () { add.textContent = "on the map"; },
      function (error) { add.disabled = false; add.textContent = "failed: " + error.message; });
  });
  return add;
}

function item(s, index) {
  var type = s.type || "Paper";
  var title = s.stub && s.link ?
    el("a", {href: s.link, className: "suggestion-title stub-title", rel: "noopener noreferrer"},
      dom.formatted(s.title)) :
    el("a", {href: dom.pageUrl(type, s.id), className: "suggestion-title"},
      s.title ? dom.formatted(s.title) : s.id);
  return el("li", {className: "suggestion", dataset: {id: s.id}},
    el("div", {className: "suggestion-head"}, bar(s.relative || 0, index + 1), title),
    byline(s) ? el("p", {className: "byline"}, byline(s)) : null,
    s.stub ? el("p", {className: "byline"}, "reference not loaded yet") : null,
    evidence(s), type === "Paper" ? addButton(s) : null);
}

function select(box, name) {
  box.querySelectorAll("[role=tab]").forEach(function (tab) {
    var on = tab.dataset.list === name;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    tab.tabIndex = on ? 0 : -1;
  });
  box.querySelectorAll("[role=tabpanel]").forEach(function (panel) {
    panel.hidden = panel.id !== "list-" + name;
  });
}

function tabs(box) {
  var list = Array.prototype.slice.call(box.querySelectorAll("[role=tab]"));
  list.forEach(function (tab, i) {
    tab.addEventListener("click", function () { select(box, tab.dataset.list); });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : (event.key === "ArrowLeft" ? -1 : 0);
      if (!step) { return; }
      var next = list[(i + step + list.length) % list.length];
      select(box, next.dataset.list);
      next.focus();
    });
  });
}

var SORTS = {rank: "relevance", year: "year (newest first)", citations: "citations",
  title: "title"};
var PAGE = 15, K_STEP = 15, K_MAX = 100, lists = {}, k = K_STEP;

function sorted(items, key) {
  var out = items.slice();
  if (key === "year") { out.sort(function (a, b) { return (b.year || 0) - (a.year || 0); }); }
  if (key === "citations") {
    out.sort(function (a, b) { return (b.citations || 0) - (a.citations || 0); });
  }
  if (key === "title") {
    out.sort(function (a, b) { return dom.plain(a.title).localeCompare(dom.plain(b.title)); });
  }
  return out;
}

/* The rows of a list as CSV: rank, id, type, title (markup dropped), first author, year,
 * venue, citations, evidence. */
export function listCsv(items) {
  return dom.csv([["rank", "id", "type", "title", "first author", "year", "venue",
    "citations", "evidence"]].concat(items.map(function (s) {
    return [s.rank, s.id, s.type || "Paper", dom.plain(s.title || s.id), s.first_author,
      s.year, s.venue, s.citations, (s.evidence || []).join("; ")];
  })));
}

function renderList(box, name) {
  var ol = box.querySelector("ol[data-list=" + name + "]"), list = lists[name];
  dom.clear(ol);
  var items = sorted(list.items, list.sort);
  // works known only by id come last, folded: the list opens on what can be read
  var loaded = items.filter(function (s) { return !s.stub; });
  var stubs = items.filter(function (s) { return s.stub; });
  loaded.slice(0, list.shown).forEach(function (s, i) { ol.appendChild(item(s, i)); });
  if (stubs.length) {
    var inner = el("ol", {className: "suggestions stub-list"});
    inner.start = loaded.length + 1;
    stubs.forEach(function (s, i) { inner.appendChild(item(s, loaded.length + i)); });
    ol.appendChild(el("li", {className: "stub-group"}, el("details", {},
      el("summary", {}, stubs.length + (loaded.length ? " more" : "") + " reference" +
        (stubs.length === 1 ? "" : "s") + " not loaded yet (known only by id)"),
      inner)));
  }
  var more = box.querySelector("#list-" + name + " .show-more");
  var left = loaded.length - list.shown;
  more.hidden = left <= 0 && (list.items.length < k || k >= K_MAX);
  more.textContent = left > 0 ? "show more (" + left + " left)" : "find more";
}

function tools(box, name) {
  var panel = box.querySelector("#list-" + name);
  var menu = el("select", {"aria-label": "sort " + NAMES[name] + " by"},
    Object.keys(SORTS).map(function (key) { return el("option", {value: key}, SORTS[key]); }));
  menu.addEventListener("change", function () {
    lists[name].sort = menu.value;
    renderList(box, name);
  });
  var save = el("button", {type: "button", className: "csv-download"}, "Download CSV");
  save.addEventListener("click", function () {
    dom.download(name + "-work.csv", listCsv(lists[name].items.map(function (s, i) {
      return Object.assign({rank: i + 1}, s);
    })));
  });
  var more = el("button", {type: "button", className: "show-more", hidden: true}, "show more");
  more.addEventListener("click", function () {
    var list = lists[name];
    if (list.shown < list.items.filter(function (s) { return !s.stub; }).length) {
      list.shown += PAGE;
      renderList(box, name);
    } else if (k < K_MAX) {
      k = Math.min(K_MAX, k + K_STEP);
      list.shown += PAGE;
      more.disabled = true;
      load(box).then(function () { more.disabled = false; });
    }
  });
  panel.insertBefore(el("div", {className: "list-tools"}, el("label", {}, "Sort ", menu), save),
    panel.querySelector("ol"));
  panel.appendChild(more);
}

function fill(box, data) {
  Object.keys(NAMES).forEach(function (name) {
    var ol = box.querySelector("ol[data-list=" + name + "]");
    if (!ol) { return; }
    var items = data[name] || [];
    var old = lists[name];
    lists[name] = {items: items, sort: old ? old.sort : "rank", shown: old ? old.shown : PAGE};
    if (!old) { tools(box, name); }
    renderList(box, name);
    var empty = ol.parentNode.querySelector(".empty");
    if (!items.length && !empty) {
      ol.parentNode.appendChild(el("p", {className: "muted empty"}, "No " + NAMES[name] +
        " found in the graph yet."));
    }
    var tab = box.querySelector("[role=tab][data-list=" + name + "]");
    if (tab) {
      var count = tab.querySelector(".tab-count") || tab.appendChild(el("span",
        {className: "tab-count"}));
      count.textContent = " " + items.length;
    }
  });
  var first = ["prior", "derivative", "similar", "people"].filter(function (name) {
    return (data[name] || []).length && box.querySelector("ol[data-list=" + name + "]");
  })[0];
  if (first && box.dataset.state === "loading") { select(box, first); }
  var note = data.left_out_stubs ? data.left_out_stubs + " more reference" +
    (data.left_out_stubs === 1 ? " is" : "s are") + " known only by id (explorer fetch " +
    "openalex --resolve-stubs fills them in)." : "";
  return note;
}

// The map comes first: adjacent work is asked for once the map is drawn (or
// after a few seconds if it is not), so the two do not share the server's time.
function afterMap(load) {
  var started = false;
  function once() {
    if (!started) { started = true; load(); }
  }
  if (!document.getElementById("map-canvas")) { once(); return; }
  document.addEventListener("rge:map-drawn", once);
  setTimeout(once, 3000);
}

/* Fill the adjacent-work tabs of the page, if it has them, once the map is drawn;
 * `options.addToMap(id)` puts a work on the map and returns a promise. */
export function start(options) {
  addToMap = options.addToMap;
  var box = document.getElementById("adjacent");
  if (!box) { return; }
  tabs(box);
  afterMap(function () { load(box); });
}

function load(box) {
  var note = document.getElementById("suggestions-status");
  var url = "/api/adjacent/" + dom.idPath(box.dataset.id) + "?k=" + k;
  return dom.getJSON(url).then(function (data) {
    dom.clear(note);
    note.appendChild(document.createTextNode(fill(box, data)));
    box.dataset.state = "loaded";
  }, function (error) {
    dom.clear(note);
    note.appendChild(document.createTextNode("cannot load adjacent work: " + error.message));
    box.dataset.state = "error";
  });
}
