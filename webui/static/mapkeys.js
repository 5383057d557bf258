/* The research map by keyboard. The canvas takes focus (Tab, or the skip link); N or ]
 * selects the next node in rank order, P or [ the previous one, Home the focus of the map;
 * the selection is drawn on the map, its row marked in the list view and its name said in
 * a polite live region; Enter opens the selected node's panel and moves focus into it;
 * the arrow keys move the view and + and - zoom, and the labels are laid out again as after
 * the mouse moves it. start() is given map.js's actions (nodes, highlight, select,
 * currentNetwork), handed over by page.js. */
import * as dom from "./dom.js";

function byRank(nodes) {
  return nodes.slice().sort(function (a, b) { return (a.rank || 0) - (b.rank || 0); });
}

function describe(n, i, count) {
  var parts = [n.label || n.id];
  if (n.title && n.title !== n.label) { parts.push(dom.plain(n.title)); }
  if (n.year) { parts.push(String(n.year)); }
  return parts.join(", ") + " (" + n.type + ", " + (i + 1) + " of " + count + ")";
}

var PAN = {arrowleft: [-1, 0], arrowright: [1, 0], arrowup: [0, -1], arrowdown: [0, 1]};

/* Arrows move the view by a tenth of the canvas, + and - zoom (vis-network does the same
 * when its own frame has focus). moveTo() tells no listener, so the network's "zoom" event
 * (the one map.js lays the labels out again on, as after a wheel or a drag) is raised. */
function move(network, key) {
  var scale = network.getScale(), at = network.getViewPosition();
  var box = network.canvas.frame.getBoundingClientRect();
  if (PAN[key]) {
    network.moveTo({position: {x: at.x + PAN[key][0] * box.width / 10 / scale,
      y: at.y + PAN[key][1] * box.height / 10 / scale}, animation: false});
  } else if (key === "+" || key === "=" || key === "-") {
    network.moveTo({scale: scale * (key === "-" ? 0.8 : 1.25), animation: false});
  } else {
    return false;
  }
  network.emit("zoom", {direction: key === "-" ? "-" : "+", scale: network.getScale(),
    pointer: {x: box.width / 2, y: box.height / 2}});
  return true;
}

export function start(map) {
  var canvas = document.getElementById("map-canvas");
  var say = document.getElementById("map-keys-status");
  if (!canvas || !say) { return; }
  function current(nodes) {
    var network = map.currentNetwork();
    var id = network ? network.getSelectedNodes()[0] : null;
    for (var i = 0; i < nodes.length; i++) { if (nodes[i].id === id) { return i; } }
    return -1;
  }
  // one tab stop: vis-network's own frame (focused by it on hover) leaves the page's order
  document.addEventListener("rge:map-drawn", function () {
    var frame = canvas.querySelector(".vis-network");
    if (frame) { frame.tabIndex = -1; }
  });
  canvas.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var network = map.currentNetwork(), key = event.key.toLowerCase();
    if (event.target === canvas && network && move(network, key)) {
      event.preventDefault();
      return;
    }
    var nodes = byRank(map.nodes());
    if (!nodes.length) { return; }
    var at = current(nodes), next = null;
    if (key === "n" || key === "]") { next = (at + 1) % nodes.length; }
    else if (key === "p" || key === "[") { next = at <= 0 ? nodes.length - 1 : at - 1; }
    else if (key === "home") { next = 0; }
    else if (key === "enter" || key === " ") {
      event.preventDefault();
      map.select(nodes[at < 0 ? 0 : at].id, true);
      return;
    }
    if (next === null) { return; }
    event.preventDefault();
    map.highlight(nodes[next].id);
    say.textContent = describe(nodes[next], next, nodes.length);
  });
}
