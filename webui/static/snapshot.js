/* The map as an image: a PNG at twice the canvas resolution with the labels shown on
 * screen, a title and the legend, drawn from the network's positions (not a copy of the
 * screen canvas, which has neither the resolution nor the legend). Each node keeps its
 * shape (circle, diamond, triangle, square by type); the legend's column is as wide as
 * its longest entry up to a limit (longer ones wrap onto a second line, and only what
 * still does not fit ends in "…") and lists the shapes too.
 * window.__mapPng (set by map.js) tells tests the size; render() also returns what it drew. */
import * as palette from "./palette.js";

export var FACTOR = 2;
var FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";
var TYPE_OF_SHAPE = {dot: "Paper", diamond: "Person", triangle: "Topic", square: "Institution"};
var MIN_LEGEND = 200, MAX_LEGEND = 380, ROW = 18;

function shape(ctx, type, x, y, r) {
  ctx.beginPath();
  if (type === "Person") {
    ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y);
  } else if (type === "Topic") {
    ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8);
  } else if (type === "Institution") {
    ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  } else {
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.closePath();
}

/* Render onto a new canvas; `nodes` are vis nodes (with colour and label), `edges` vis edges. */
export function render(network, container, nodes, edges, legend, title) {
  var width = container.clientWidth, height = container.clientHeight;
  var canvas = document.createElement("canvas");
  var layout = legendLayout(canvas.getContext("2d"), legend, nodes);
  canvas.width = (width + layout.width + 20) * FACTOR;
  canvas.height = Math.max(height + 40, layout.height + 70) * FACTOR;
  var ctx = canvas.getContext("2d");
  ctx.scale(FACTOR, FACTOR);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width / FACTOR, canvas.height / FACTOR);
  ctx.fillStyle = "#1f2933";
  ctx.font = "600 15px " + FONT;
  ctx.fillText(String(title || "").slice(0, 110), 12, 24);
  ctx.save();
  ctx.translate(0, 40);
  var scale = network.getScale();
  var ids = nodes.map(function (n) { return n.id; });
  var pos = network.getPositions(ids), screen = {};
  ids.forEach(function (id) { screen[id] = network.canvasToDOM(pos[id]); });
  ctx.lineWidth = 1;
  edges.forEach(function (e) {
    var a = screen[e.from], b = screen[e.to];
    if (!a || !b) { return; }
    ctx.strokeStyle = (e.color && e.color.color) || "#b8c2cc";
    ctx.setLineDash(e.dashes ? e.dashes : []);
    ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
  });
  ctx.setLineDash([]);
  nodes.forEach(function (n) {
    var p = screen[n.id];
    var r = Math.max(2.5, (n.size || 8) * scale);
    shape(ctx, n.type || TYPE_OF_SHAPE[n.shape] || "Paper", p.x, p.y, r);
    ctx.fillStyle = n.color.background;
    ctx.fill();
    ctx.strokeStyle = n.color.border;
    ctx.lineWidth = n.borderWidth || 1;
    ctx.stroke();
  });
  nodes.forEach(function (n) {
    if (!n.label) { return; }
    var p = screen[n.id], r = Math.max(2.5, (n.size || 8) * scale);
    var px = n.font && n.font.size ? Math.round(n.font.size * scale) : 12;
    ctx.font = px + "px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffff";
    ctx.strokeText(n.label, p.x, p.y + r + 2);
    ctx.fillStyle = "#1f2933";
    ctx.fillText(n.label, p.x, p.y + r + 2);
  });
  ctx.restore();
  drawLegend(ctx, width + 10, 56, layout);
  canvas.legend = {width: layout.width, lines: layout.lines.map(function (l) { return l.text; }),
    shapes: layout.shapes};
  return canvas;
}

/* Split `text` into lines of at most `max` px (at the context's font); at most two lines,
 * the second ending in "…" when the text is longer still. */
function wrap(ctx, text, max) {
  var words = String(text).split(/\s+/), lines = [""];
  words.forEach(function (word) {
    var line = lines[lines.length - 1], next = line ? line + " " + word : word;
    if (ctx.measureText(next).width <= max || !line) { lines[lines.length - 1] = next; }
    else { lines.push(word); }
  });
  if (lines.length > 2) { lines = [lines[0], lines.slice(1).join(" ")]; }
  return lines.map(function (line) {
    while (ctx.measureText(line).width > max && line.length > 1) { line = line.slice(0, -2) + "…"; }
    return line;
  });
}

/* Entries (colour and shape keys) laid out in lines that fit the column. */
function legendLayout(ctx, legend, nodes) {
  ctx.font = "12px " + FONT;
  var entries = legend.entries.slice(0, 24), types = {};
  nodes.forEach(function (n) { types[n.type || TYPE_OF_SHAPE[n.shape] || "Paper"] = true; });
  var shapes = Object.keys(palette.SHAPE_NAME).filter(function (t) { return types[t]; });
  var widest = MIN_LEGEND;
  entries.concat(shapes.map(function (t) { return {label: t}; })).forEach(function (e) {
    widest = Math.max(widest, ctx.measureText(String(e.label)).width + 30);
  });
  var width = Math.min(MAX_LEGEND, Math.ceil(widest)), lines = [];
  entries.forEach(function (entry) {
    wrap(ctx, entry.label, width - 30).forEach(function (text, i) {
      lines.push({text: text, entry: i === 0 ? entry : null});
    });
  });
  return {heading: legend.heading, width: width, lines: lines, shapes: shapes,
    height: 20 + (lines.length + shapes.length + 2) * ROW};
}

function legendMark(ctx, type, colour, border, x, y) {
  shape(ctx, type, x + 6, y, 5);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.strokeStyle = border || colour;
  ctx.stroke();
}

function drawLegend(ctx, x, y, layout) {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = "#1f2933";
  ctx.font = "600 13px " + FONT;
  ctx.fillText(layout.heading, x, y);
  ctx.font = "12px " + FONT;
  layout.lines.forEach(function (line, i) {
    var cy = y + 20 + i * ROW;
    if (line.entry) { legendMark(ctx, line.entry.type || "Paper", line.entry.colour, line.entry.border, x, cy); }
    ctx.fillStyle = "#1f2933";
    ctx.fillText(line.text, x + 18, cy);
  });
  var top = y + 20 + (layout.lines.length + 1) * ROW;
  layout.shapes.forEach(function (type, i) {
    legendMark(ctx, type, "#ffffff", "#52606d", x, top + i * ROW);
    ctx.fillStyle = "#1f2933";
    ctx.fillText(type + " (" + palette.SHAPE_NAME[type] + ")", x + 18, top + i * ROW);
  });
}

export function legendOf(mode, view, nodes) {
  if (mode === "type") {
    return {heading: "Node types", entries: Object.keys(palette.TYPE).map(function (t) {
      return {type: t, colour: palette.TYPE[t], label: t};
    })};
  }
  if (mode === "year") {
    var range = palette.yearRange(nodes);
    var entries = [];
    if (range.min !== null) {
      var steps = Math.min(5, range.max - range.min + 1);
      for (var i = 0; i < steps; i++) {
        var year = Math.round(range.min + (range.max - range.min) * i / Math.max(steps - 1, 1));
        entries.push({colour: palette.yearColour(year, range), label: String(year)});
      }
    }
    entries.push({colour: palette.UNDATED, label: "undated"});
    return {heading: "Publication year", entries: entries};
  }
  return {heading: "Communities", entries: view.communities.map(function (c) {
    return {colour: palette.communityColour(c.id), label: c.label + " (" + c.size + ")"};
  })};
}

export function download(canvas, name) {
  var link = document.createElement("a");
  link.href = canvas.toDataURL("image/png");
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
