/* The standalone HTML export: draw the embedded view as the page drew it. The entry module
 * of the export page (it starts itself); explorer/views/export_html.py inlines it with
 * vis-network and the modules it imports, so the file works offline. The view is the one
 * on screen (explorer/views/export_state.py: expanded, added and hidden nodes, layout);
 * its state gives the colouring, node sizes, label density and highlighted community, and
 * labels are placed as on the page (labels.js: no overlaps, the important ones first).
 * Data is rendered as text only. window.__mapStats is for tests. */
import * as labels from "./labels.js";
import * as palette from "./palette.js";
import * as timeline from "./timeline.js";
import {DataSet, Network} from "./vis.js";

var HEADINGS = {year: "Publication year", type: "Node types", community: "Communities"};

function text(parent, tag, value, className) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  node.appendChild(document.createTextNode(String(value)));
  parent.appendChild(node);
  return node;
}

function swatch(colour, type) {
  var box = document.createElement("span");
  box.className = "swatch shape-" + (palette.SHAPE_NAME[type] || "circle");
  box.style.backgroundColor = colour;
  return box;
}

function entry(list, colour, type, label, onClick) {
  var item = document.createElement("li");
  var holder = document.createElement(onClick ? "button" : "span");
  holder.className = "legend-entry";
  if (onClick) { holder.type = "button"; holder.addEventListener("click", onClick); }
  holder.appendChild(swatch(colour, type));
  holder.appendChild(document.createTextNode(label));
  item.appendChild(holder);
  list.appendChild(item);
}

function draw() {
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var view = data.view, state = view.state || {colour: "community", size: true,
    labels: "more", community: "", layout: "structure"};
  var highlighted = null;
  (view.communities || []).forEach(function (c) {
    if (state.community && c.key === state.community) { highlighted = c.id; }
  });
  var range = palette.yearRange(data.nodes), sizes = palette.citationRange(data.nodes);
  var scale = state.layout === "timeline" ? 1 : palette.positionScale(data.nodes);
  var dim = function (n) { return highlighted !== null && n.community !== highlighted; };
  var opts = function () {
    return {colour: state.colour, bySize: state.size !== false, range: range, sizes: sizes,
      scale: scale,
      communities: view.communities, center: view.center, withLabels: false,
      dim: highlighted === null ? null : dim};
  };
  var radiusOf = function (n) {
    return palette.nodeSize(n, state.size !== false, sizes) + (n.id === view.center ? 4 : 0);
  };
  var canvas = document.getElementById("map-canvas");
  var nodes = new DataSet(data.nodes.map(function (n) { return palette.visNode(n, opts()); }));
  var edges = new DataSet(data.edges.map(palette.visEdge));
  var started = performance.now(), kept = [];
  var network = new Network(canvas, {nodes: nodes, edges: edges}, JSON.parse(data.options));
  if (state.layout === "timeline") {  // the year axis the page draws (same positions)
    var axis = timeline.layout(data.nodes, data.edges);
    network.on("beforeDrawing", function (ctx) { timeline.drawAxis(ctx, axis, network.getScale()); });
  }
  var place = function () {
    kept = labels.place(network, canvas, nodes, data.nodes, {center: view.center,
      density: state.labels || "more", radiusOf: radiusOf,
      dimmed: highlighted === null ? null : dim});
  };
  network.fit({animation: false});
  labels.fitLabels(network, canvas, data.nodes.slice().sort(function (a, b) {
    return (a.rank || 0) - (b.rank || 0);
  }).slice(0, 10), view.center, radiusOf);
  place();
  network.on("zoom", place);
  network.on("dragEnd", place);
  network.once("afterDrawing", function () {
    window.__mapStats = {nodes: nodes.length, edges: edges.length, drawn: true,
      ids: nodes.getIds(), labels: kept.length, colour: state.colour,
      drawMs: Math.round(performance.now() - started)};
  });
  network.redraw();
  legend(view, state, data.nodes, range, function (id) {
    highlighted = highlighted === id ? null : id;
    nodes.update(data.nodes.map(function (n) { return palette.visNode(n, opts()); }));
    place();
  });
  var notes = document.getElementById("map-notes");
  var hidden = view.hidden || {};
  text(notes, "li", "showing " + data.nodes.length + " nodes of the " + view.total_nodes +
    " the map considered");
  if (hidden.unresolved) {
    text(notes, "li", hidden.unresolved + " unresolved references hidden");
  }
  if (hidden.by_you && hidden.by_you.length) {
    text(notes, "li", hidden.by_you.length + " hidden by you");
  }
  (view.truncated || []).forEach(function (cut) { text(notes, "li", cut.message); });
}

function legend(view, state, nodes, range, onPick) {
  var list = document.getElementById("map-legend");
  document.getElementById("legend-heading").textContent = HEADINGS[state.colour] ||
    HEADINGS.community;
  if (state.colour === "year" && range.min !== null) {
    var steps = Math.min(5, range.max - range.min + 1);
    for (var i = 0; i < steps; i++) {
      var year = Math.round(range.min + (range.max - range.min) * i / Math.max(steps - 1, 1));
      entry(list, palette.yearColour(year, range), "Paper", String(year));
    }
    entry(list, palette.UNDATED, "Paper", "undated");
  } else if (state.colour === "type") {
    Object.keys(palette.TYPE).forEach(function (t) {
      entry(list, palette.TYPE[t], t, t);
    });
  } else {
    (view.communities || []).forEach(function (c) {
      entry(list, palette.communityColour(c.id), "Paper", c.label + " (" + c.size + ")",
        function () { onPick(c.id); });
    });
  }
  var shapes = document.getElementById("map-shapes"), types = {};
  nodes.forEach(function (n) { types[n.type] = true; });
  Object.keys(palette.SHAPE_NAME).filter(function (t) { return types[t]; }).forEach(function (t) {
    entry(shapes, "#9aa5b1", t, t + " (" + palette.SHAPE_NAME[t] + ")");
  });
}

draw();
