/* The standalone HTML export: draw the embedded view. The entry module of the export page
 * (it starts itself); explorer/views/export_html.py inlines it with vis-network and the
 * modules it imports, so the file works offline. Data is rendered as text only. */
import * as palette from "./palette.js";
import {DataSet, Network} from "./vis.js";


function text(parent, tag, value, className) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  node.appendChild(document.createTextNode(String(value)));
  parent.appendChild(node);
  return node;
}

function draw() {
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var view = data.view, highlighted = null;
  var range = palette.yearRange(data.nodes), scale = palette.positionScale(data.nodes);
  var opts = function () {
    return {colour: "community", bySize: true, range: range, communities: view.communities,
      scale: scale,
      center: view.center, dim: highlighted === null ? null : function (n) {
        return n.community !== highlighted;
      }};
  };
  var nodes = new DataSet(data.nodes.map(function (n) {
    return palette.visNode(n, opts());
  }));
  var edges = new DataSet(data.edges.map(palette.visEdge));
  var started = performance.now();
  var network = new Network(document.getElementById("map-canvas"),
    {nodes: nodes, edges: edges}, JSON.parse(data.options));
  network.once("afterDrawing", function () {
    window.__mapStats = {nodes: nodes.length, edges: edges.length, drawn: true,
      drawMs: Math.round(performance.now() - started)};
  });
  var legend = document.getElementById("map-legend");
  (view.communities || []).forEach(function (c) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "legend-entry";
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = palette.communityColour(c.id);
    button.appendChild(swatch);
    button.appendChild(document.createTextNode(c.label + " (" + c.size + ")"));
    button.addEventListener("click", function () {
      highlighted = highlighted === c.id ? null : c.id;
      nodes.update(data.nodes.map(function (n) { return palette.visNode(n, opts()); }));
    });
    item.appendChild(button);
    legend.appendChild(item);
  });
  var notes = document.getElementById("map-notes");
  text(notes, "li", "showing " + data.nodes.length + " of " + view.total_nodes + " nodes");
  (view.truncated || []).forEach(function (cut) { text(notes, "li", cut.message); });
}

draw();
