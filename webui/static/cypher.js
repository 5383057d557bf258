/* The Cypher console: POST /api/cypher, results as a table and, when nodes or
 * relationships come back, as a small graph. Cells are text, never HTML.
 * The entry module of the console page (it starts itself); window.__cypherStats is for
 * tests. */
import * as dom from "./dom.js";
import * as palette from "./palette.js";
import {DataSet, Network} from "./vis.js";

var el = dom.el;
var network = null, stats = null;

function cell(value) {
  if (value === null || value === undefined) { return ""; }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function table(result) {
  var box = document.getElementById("cypher-table");
  dom.clear(box);
  var head = el("tr", {}, result.columns.map(function (c) { return el("th", {}, c); }));
  var rows = result.rows.map(function (row) {
    return el("tr", {}, row.map(function (v) { return el("td", {}, cell(v)); }));
  });
  box.appendChild(el("table", {className: "results"}, el("thead", {}, head),
    el("tbody", {}, rows)));
}

function graph(result) {
  var box = document.getElementById("cypher-graph");
  var g = result.graph;
  box.hidden = !g.nodes.length;
  if (network) { network.destroy(); network = null; }
  if (!g.nodes.length) { return; }
  var n = g.nodes.length, radius = 40 + n * 12;
  var nodes = g.nodes.map(function (node, i) {
    var angle = 2 * Math.PI * i / n;
    return {id: node.id, label: node.label, x: radius * Math.cos(angle),
      y: radius * Math.sin(angle), shape: "dot", size: 10,
      color: palette.TYPE[node.type] || "#9aa5b1",
      title: el("div", {className: "map-tooltip"}, node.label + "\n" + node.type)};
  });
  var edges = g.edges.map(function (e, i) {
    return {id: i, from: e.source, to: e.target, label: e.type, arrows: "to",
      font: {size: 8, align: "middle"}};
  });
  network = new Network(box, {nodes: new DataSet(nodes),
    edges: new DataSet(edges)}, {physics: false, layout: {improvedLayout: false},
    edges: {smooth: false, color: "#9aa5b1"}, interaction: {hover: true}});
  network.once("afterDrawing", function () {
    stats.graphDrawn = true;
  });
}

function message(text, isError) {
  var box = document.getElementById("cypher-message");
  dom.clear(box);
  box.className = isError ? "cypher-message error" : "cypher-message";
  box.appendChild(document.createTextNode(text));
}

function run(event) {
  if (event) { event.preventDefault(); }
  var form = document.getElementById("cypher-form");
  var params = {};
  var text = form.elements.params.value.trim();
  if (text) {
    try { params = JSON.parse(text); } catch (e) {
      message("the parameters are not valid JSON: " + e.message, true);
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
      table(result);
      graph(result);
    }, function (error) {
      message(error.message, true);
      stats = window.__cypherStats = {state: "error", error: error.message};
    });
}

/* Wire the console's form and example buttons. */
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
}

start();
