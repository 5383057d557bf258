/* Which map labels to show: readable at the default zoom, never clipped, never overlapping.
 *
 * Candidates are the focus, its first ring and the top-ranked nodes (how many depends on
 * the density: fewer / more / all). Labels are drawn at a fixed size on screen (12 px,
 * 14 px for the focus) whatever the zoom; of two labels that would overlap, the one of the
 * lower-ranked node is hidden, and a label that would cross the canvas edge is hidden
 * too, after the view has been zoomed out so that the important ones fit.
 * place() returns the label boxes it kept (also in window.__mapLabels for tests). */
export var FONT_PX = 12;
var FOCUS_PX = 14, PAD = 2, EDGE = 4;
var DENSITY = {fewer: 15, more: 60, all: Infinity};
var measureCtx = null;

export function textWidth(text, px) {
  if (!measureCtx) { measureCtx = document.createElement("canvas").getContext("2d"); }
  measureCtx.font = px + "px system-ui, -apple-system, 'Segoe UI', sans-serif";
  return measureCtx.measureText(text).width;
}

/* Node radius in canvas units so that a node is never drawn smaller than about 4 px. */
export function screenSize(radius, scale) {
  return scale < 1 ? radius / Math.pow(scale, 0.5) : radius;
}

export function candidates(nodes, center, density) {
  var ranked = nodes.slice().sort(function (a, b) { return (a.rank || 0) - (b.rank || 0); });
  var top = DENSITY[density] || DENSITY.more;
  return ranked.filter(function (n, i) {
    if (n.id === center) { return true; }
    if (density === "fewer") { return i < top; }
    return i < top || n.hop === 1 || density === "all";
  });
}

function boxes(network, list, center, radiusOf) {
  var positions = network.getPositions(list.map(function (n) { return n.id; }));
  var scale = network.getScale();
  return list.map(function (n) {
    var p = positions[n.id];
    if (!p) { return null; }
    var screen = network.canvasToDOM(p);
    var px = n.id === center ? FOCUS_PX : FONT_PX;
    var w = textWidth(n.label || n.id, px) + 2 * PAD, h = px + 2 * PAD;
    var below = screenSize(radiusOf(n), scale) * scale + 2;
    return {id: n.id, label: n.label || n.id, px: px, x: screen.x - w / 2,
      y: screen.y + below, w: w, h: h, rank: n.rank || 0};
  }).filter(Boolean);
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function inside(box, width, height) {
  return box.x >= EDGE && box.y >= EDGE && box.x + box.w <= width - EDGE &&
    box.y + box.h <= height - EDGE;
}

/* Zoom out around the centre of the view until the labels of the most important nodes
 * (the focus and the top ten) fit inside the canvas. */
export function fitLabels(network, container, important, center, radiusOf) {
  var width = container.clientWidth, height = container.clientHeight;
  for (var i = 0; i < 8; i++) {
    var all = boxes(network, important, center, radiusOf);
    if (all.every(function (b) { return inside(b, width, height); })) { return; }
    network.moveTo({scale: network.getScale() * 0.9, animation: false});
  }
}

export function place(network, container, dataset, nodes, opts) {
  var density = opts.density || "more";
  var radiusOf = opts.radiusOf;
  var list = candidates(nodes, opts.center, density);
  var shown = {}, kept = [];
  var width = container.clientWidth, height = container.clientHeight;
  boxes(network, list, opts.center, radiusOf).sort(function (a, b) {
    return (a.id === opts.center ? -1 : a.rank) - (b.id === opts.center ? -1 : b.rank);
  }).forEach(function (box) {
    if (!inside(box, width, height)) { return; }
    if (density !== "all" && kept.some(function (k) { return overlaps(k, box); })) { return; }
    kept.push(box);
    shown[box.id] = box;
  });
  var scale = network.getScale();
  dataset.update(nodes.map(function (n) {
    var box = shown[n.id];
    return {id: n.id, label: box ? box.label : undefined, size: screenSize(radiusOf(n), scale),
      font: box ? {size: box.px / scale, color: opts.dimmed && opts.dimmed(n) ? "#9aa5b1" :
        "#1f2933", strokeWidth: 3 / scale, strokeColor: "#ffffff",
        bold: n.id === opts.center ? {size: box.px / scale} : undefined} : undefined};
  }));
  window.__mapLabels = {shown: kept.map(function (b) {
    return {id: b.id, label: b.label, x: b.x, y: b.y, w: b.w, h: b.h, px: b.px};
  }), width: width, height: height, scale: scale, density: density};
  return kept;
}
