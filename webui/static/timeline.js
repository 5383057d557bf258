/* The timeline layout: x = publication year, y = community band (largest first), the more
 * cited papers of a band nearer its top. Undated papers stand in a column left of the
 * axis; people, topics and institutions sit at the mean position of their neighbours.
 * Positions are in the same units as the server's layout (about +-1000). */
var WIDTH = 2000, BAND_GAP = 60, UNDATED_X = -1150;

export function layout(nodes, edges) {
  var papers = nodes.filter(function (n) { return n.type === "Paper"; });
  var years = papers.map(function (n) { return n.year; }).filter(Boolean);
  var min = years.length ? Math.min.apply(null, years) : 2000;
  var max = years.length ? Math.max.apply(null, years) : min;
  var span = Math.max(max - min, 1);
  var bands = {}, order = [];
  nodes.forEach(function (n) {
    var c = n.community === null || n.community === undefined ? -1 : n.community;
    if (!bands[c]) { bands[c] = []; order.push(c); }
    bands[c].push(n);
  });
  order.sort(function (a, b) { return bands[b].length - bands[a].length || a - b; });
  var total = nodes.length || 1, heightAll = 1600, top = -heightAll / 2, pos = {};
  order.forEach(function (c) {
    var members = bands[c];
    var height = Math.max(90, heightAll * members.length / total);
    var ranked = members.filter(function (n) { return n.type === "Paper"; })
      .sort(function (a, b) { return (a.rank || 0) - (b.rank || 0); });
    ranked.forEach(function (n, i) {
      var x = n.year ? -WIDTH / 2 + WIDTH * (n.year - min) / span : UNDATED_X;
      var y = top + 20 + (height - 40) * (ranked.length > 1 ? i / (ranked.length - 1) : 0.5);
      pos[n.id] = {x: x + ((i % 3) - 1) * 8, y: y};
    });
    pos["__band" + c] = {top: top, height: height};
    top += height + BAND_GAP;
  });
  var neighbours = {};
  edges.forEach(function (e) {
    (neighbours[e.source] = neighbours[e.source] || []).push(e.target);
    (neighbours[e.target] = neighbours[e.target] || []).push(e.source);
  });
  nodes.forEach(function (n, i) {
    if (pos[n.id]) { return; }
    var near = (neighbours[n.id] || []).map(function (id) { return pos[id]; }).filter(Boolean);
    if (near.length) {
      var x = near.reduce(function (s, p) { return s + p.x; }, 0) / near.length;
      var y = near.reduce(function (s, p) { return s + p.y; }, 0) / near.length;
      pos[n.id] = {x: x + 14 * Math.cos(i), y: y + 24 + 10 * Math.sin(i)};
    } else {
      pos[n.id] = {x: UNDATED_X - 120, y: -heightAll / 2 + 30 * (i % 50)};
    }
  });
  return {positions: pos, min: min, max: max, span: span, width: WIDTH,
    undatedX: UNDATED_X, top: -heightAll / 2, bottom: top};
}

/* Year ticks along the top of the timeline, drawn on the network's canvas. */
export function drawAxis(ctx, axis, scale) {
  var step = axis.span > 40 ? 10 : (axis.span > 15 ? 5 : (axis.span > 6 ? 2 : 1));
  ctx.save();
  ctx.strokeStyle = "#e4e7eb";
  ctx.fillStyle = "#52606d";
  ctx.lineWidth = 1 / scale;
  ctx.font = (12 / scale) + "px system-ui, sans-serif";
  ctx.textAlign = "center";
  var first = Math.ceil(axis.min / step) * step;
  for (var year = first; year <= axis.max; year += step) {
    var x = -axis.width / 2 + axis.width * (year - axis.min) / axis.span;
    ctx.beginPath();
    ctx.moveTo(x, axis.top - 10);
    ctx.lineTo(x, axis.bottom);
    ctx.stroke();
    ctx.fillText(String(year), x, axis.top - 16 / scale);
  }
  ctx.fillText("undated", axis.undatedX, axis.top - 16 / scale);
  ctx.restore();
}
