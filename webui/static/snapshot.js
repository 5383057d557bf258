/* The map as an image: a PNG at twice the canvas resolution with the labels shown on
 * screen, a title and the legend, drawn from the network's positions (not a copy of the
 * screen canvas, which has neither the resolution nor the legend). */
import * as palette from "./palette.js";

export var FACTOR = 2;
var LEGEND_W = 260, FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

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
  canvas.width = (width + LEGEND_W) * FACTOR;
  canvas.height = (height + 40) * FACTOR;
  var ctx = canvas.getContext("2d");
  ctx.scale(FACTOR, FACTOR);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width + LEGEND_W, height + 40);
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
    shape(ctx, n.type, p.x, p.y, r);
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
  drawLegend(ctx, width + 10, 56, legend);
  return canvas;
}

function drawLegend(ctx, x, y, legend) {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = "#1f2933";
  ctx.font = "600 13px " + FONT;
  ctx.fillText(legend.heading, x, y);
  ctx.font = "12px " + FONT;
  legend.entries.slice(0, 24).forEach(function (entry, i) {
    var cy = y + 20 + i * 18;
    shape(ctx, entry.type || "Paper", x + 6, cy, 5);
    ctx.fillStyle = entry.colour;
    ctx.fill();
    ctx.strokeStyle = entry.border || entry.colour;
    ctx.stroke();
    ctx.fillStyle = "#1f2933";
    ctx.fillText(String(entry.label).slice(0, 34), x + 18, cy);
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
