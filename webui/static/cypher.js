/* The Cypher console: POST /api/cypher, results as a table (a node as a compact card whose
 * id links to its page, a relationship as one line, lists and maps as short text) and,
 * when nodes or relationships come back, as a small graph; the result as CSV or JSON to
 * download. An error clears the earlier result. Cells are text, never HTML.
 * The entry module of the console page (it starts itself); window.__cypherStats is for
 * tests. */
import * as dom from "./dom.js";
import * as palette from "./palette.js";
import {DataSet, Network} from "./vis.js";

var el = dom.el;
var network = null, stats = null, last = null;
var TYPES = ["Paper", "Person", "Topic", "Institution"];
var SHOWN = ["title", "name", "year", "venue", "doi", "cited_by_count"];
var FORMULA = /^[=+\-@\t\r]/;

/* The page type of a node id (OpenAlex letter or prefix), or "" when none is known. */
export function typeOfId(id) {
  if (typeof id !== "string" || !id || id.length > 300) { return ""; }
  if (/^W\d+$/.test(id) || /^(doi|arxiv|s2|h|pmid|mag):/.test(id)) { return "Paper"; }
  if (/^A\d+$/.test(id) || /^(orcid|name|s2a):/.test(id)) { return "Person"; }
  if (/^I\d+$/.test(id) || /^inst:/.test(id)) { return "Institution"; }
  if (/^(T|C)\d+$/.test(id) || /^(kw|subfield|field|domain|arxiv-cat):/.test(id)) {
    return "Topic";
  }
  return "";
}

function nodeType(value) {
  var found = (value.labels || []).filter(function (l) { return TYPES.indexOf(l) >= 0; });
  return found.length ? found[0] : "";
}

function idLink(id, type) {
  if (!type) { return el("code", {}, String(id)); }
  return el("a", {href: dom.pageUrl(type, id), className: "node-id"}, String(id));
}

function short(value, max) {
  var s = typeof value === "object" ? JSON.stringify(value) : String(value);
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

function card(value) {
  var props = value.properties || {}, type = nodeType(value);
  var labels = (value.labels || []).join(":") || "node";
  var head = el("div", {className: "card-head"},
    el("span", {className: "card-type", dataset: {type: type || "other"}}, labels), " ",
    props.id !== undefined ? idLink(props.id, type) : null);
  var facts = SHOWN.filter(function (k) { return props[k] !== undefined && props[k] !== null; })
    .map(function (k) {
      return el("div", {className: "card-fact"}, el("span", {className: "card-key"}, k + ": "),
        short(props[k], k === "title" ? 160 : 80));
    });
  var rest = Object.keys(props).filter(function (k) {
    return k !== "id" && SHOWN.indexOf(k) < 0;
  });
  var more = rest.length ? el("details", {className: "card-more"},
    el("summary", {}, rest.length + " more propert" + (rest.length === 1 ? "y" : "ies")),
    el("dl", {}, rest.map(function (k) {
      return [el("dt", {}, k), el("dd", {}, short(props[k], 400))];
    }))) : null;
  return el("div", {className: "node-card"}, head, facts, more);
}

function isNode(v) { return v && typeof v === "object" && Array.isArray(v.labels) && v.properties; }
function isRel(v) { return v && typeof v === "object" && typeof v.type === "string" && "start" in v; }
function isPath(v) { return v && typeof v === "object" && Array.isArray(v.relationships); }

function relation(value) {
  var props = Object.keys(value.properties || {});
  return el("span", {className: "rel"}, idLink(value.start, typeOfId(value.start)),
    " -[:" + value.type + "]-> ", idLink(value.end, typeOfId(value.end)),
    props.length ? " " + short(value.properties, 120) : "");
}

/* A cell: what a reader needs at a glance; the whole value is in the JSON download. */
function cell(value, column) {
  if (value === null || value === undefined) { return ""; }
  if (isNode(value)) { return card(value); }
  if (isRel(value)) { return relation(value); }
  if (isPath(value)) {
    return el("div", {className: "path"}, value.nodes.length + " nodes, " +
      value.relationships.length + " relationships: ", value.relationships.map(function (r, i) {
      return [i ? " · " : "", relation(r)];
    }));
  }
  if (typeof value === "string" && /(^|\.|_)id$/i.test(column) && typeOfId(value)) {
    return idLink(value, typeOfId(value));
  }
  if (Array.isArray(value) && value.length && value.every(isNode)) {
    return el("div", {className: "cards"}, value.slice(0, 20).map(card),
      value.length > 20 ? (value.length - 20) + " more (in the JSON download)" : null);
  }
  return typeof value === "object" ? short(value, 300) : String(value);
}

function table(result) {
  var box = document.getElementById("cypher-table");
  dom.clear(box);
  var head = el("tr", {}, result.columns.map(function (c) { return el("th", {scope: "col"}, c); }));
  var rows = result.rows.map(function (row) {
    return el("tr", {}, row.map(function (v, i) { return el("td", {}, cell(v, result.columns[i])); }));
  });
  box.appendChild(el("table", {className: "results"}, el("thead", {}, head),
    el("tbody", {}, rows)));
  box.hidden = false;
}

/* CSV text of the result: a node is its id (else its properties as JSON), other values
 * JSON; cells that a spreadsheet would run as a formula get a leading quote. */
export function toCsv(result) {
  var text = function (v) {
    if (v === null || v === undefined) { return ""; }
    if (isNode(v) && v.properties.id !== undefined) { return String(v.properties.id); }
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  };
  var quote = function (s) {
    if (FORMULA.test(s)) { s = "'" + s; }
    var special = s.indexOf('"') >= 0 || s.indexOf(",") >= 0 || /[\r\n]/.test(s);
    return special ? '"' + s.split('"').join('""') + '"' : s;
  };
  return [result.columns].concat(result.rows.map(function (row) { return row.map(text); }))
    .map(function (row) { return row.map(quote).join(","); }).join("\r\n") + "\r\n";
}

function download(name, type, body) {
  var link = el("a", {href: "data:" + type + "," + encodeURIComponent(body), download: name});
  document.body.appendChild(link);
  link.click();
  link.remove();
}

function graph(result) {
  var box = document.getElementById("cypher-graph");
  var g = result.graph;
  box.hidden = !g.nodes.length;
  if (network) { network.destroy(); network = null; }
  if (!g.nodes.length) { return; }
  /* on a circle whose neighbours stand a label's width (28 characters) apart */
  var n = g.nodes.length, radius = n > 1 ? Math.max(60, 110 / Math.sin(Math.PI / n)) : 0;
  var nodes = g.nodes.map(function (node, i) {
    var angle = 2 * Math.PI * i / n;
    var short = node.label.length > 28 ? node.label.slice(0, 27) + "…" : node.label;
    return {id: node.id, label: short, x: radius * Math.cos(angle),
      y: radius * Math.sin(angle), shape: palette.SHAPE[node.type] || "dot", size: 10,
      color: palette.TYPE[node.type] || "#9aa5b1",
      title: el("div", {className: "map-tooltip"}, node.label + "\n" + node.type + "\n" + node.id)};
  });
  var edges = g.edges.map(function (e, i) {
    return {id: i, from: e.source, to: e.target, label: e.type, arrows: "to",
      font: {size: 8, align: "middle"}};
  });
  network = new Network(box, {nodes: new DataSet(nodes),
    edges: new DataSet(edges)}, {physics: false, layout: {improvedLayout: false},
    edges: {smooth: false, color: "#9aa5b1"}, interaction: {hover: true}});
  network.on("doubleClick", function (event) {  // a node's page, as its id's link
    var found = g.nodes.filter(function (x) { return x.id === event.nodes[0]; })[0];
    if (found && TYPES.indexOf(found.type) >= 0) { location.href = dom.pageUrl(found.type, found.id); }
  });
  network.once("afterDrawing", function () {
    network.fit({animation: false});  /* the fit counts nodes only: leave the labels room */
    network.moveTo({scale: network.getScale() * 0.8, animation: false});
    stats.graphDrawn = true;
  });
}

function clearResult() {
  last = null;
  var box = document.getElementById("cypher-table");
  dom.clear(box);
  box.hidden = true;
  document.getElementById("cypher-downloads").hidden = true;
  document.getElementById("cypher-graph").hidden = true;
  if (network) { network.destroy(); network = null; }
}

function message(text, isError) {
  var box = document.getElementById("cypher-message");
  dom.clear(box);
  box.className = isError ? "cypher-message error" : "cypher-message";
  box.appendChild(document.createTextNode(text));
}

function failed(text) {
  clearResult();
  message(text, true);
  stats = window.__cypherStats = {state: "error", error: text};
}

function run(event) {
  if (event) { event.preventDefault(); }
  var form = document.getElementById("cypher-form");
  var params = {};
  var text = form.elements.params.value.trim();
  if (text) {
    try { params = JSON.parse(text); } catch (e) {
      failed("the parameters are not valid JSON: " + e.message);
      return;
    }
  }
  message("running…");
  stats = window.__cypherStats = {state: "running"};
  dom.postJSON("/api/cypher", {query: form.elements.query.value, params: params})
    .then(function (result) {
      var text = result.rows.length + " row" + (result.rows.length === 1 ? "" : "s") +
        " in " + result.elapsed_ms + " ms";
      message([text].concat(result.messages).join(" — "), false);
      stats = window.__cypherStats = {state: "done", rows: result.rows.length,
        nodes: result.graph.nodes.length, edges: result.graph.edges.length};
      last = {query: form.elements.query.value, params: params, columns: result.columns,
        rows: result.rows, graph: result.graph};
      table(result);
      document.getElementById("cypher-downloads").hidden = false;
      graph(result);
    }, function (error) { failed(error.message); });
}

/* Wire the console's form, example buttons and downloads. */
function start() {
  var form = document.getElementById("cypher-form");
  if (!form) { return; }
  form.addEventListener("submit", run);
  document.querySelectorAll("button[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      form.elements.query.value = button.dataset.query;
      form.elements.params.value = button.dataset.params === "{}" ? "" : button.dataset.params;
      run();
    });
  });
  form.elements.query.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { run(event); }
  });
  document.getElementById("cypher-csv").addEventListener("click", function () {
    if (last) { download("query-result.csv", "text/csv;charset=utf-8", toCsv(last)); }
  });
  document.getElementById("cypher-json").addEventListener("click", function () {
    if (last) {
      download("query-result.json", "application/json", JSON.stringify(last, null, 1));
    }
  });
}

start();
