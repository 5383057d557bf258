/* Colours, shapes, sizes and tooltips of map nodes; shared by the app and the HTML export.
 * The community colours (and the colour of nodes in none) are not written here: the server
 * renders its one list (explorer/views/palette.py) as JSON on the page's root element
 * (data-palette), as does the HTML export, so the map, the export and GEXF agree.
 * Data is untrusted: tooltips are DOM text nodes, never HTML. */
import * as dom from "./dom.js";

var GIVEN = pagePalette();
export var COMMUNITY = GIVEN.community;
export var OTHER = GIVEN.other;
export var TYPE = {Paper: "#4e79a7", Person: "#e15759", Topic: "#59a14f", Institution: "#b07aa1"};
export var SHAPE = {Paper: "dot", Person: "diamond", Topic: "triangle", Institution: "square"};
export var SHAPE_NAME = {Paper: "circle", Person: "diamond", Topic: "triangle",
  Institution: "square"};
export var UNDATED = "#c9ced4", STUB_BORDER = "#7b8794";
var STUB = "#ffffff", YEAR_FROM = [255, 214, 102], YEAR_TO = [45, 31, 128];

function pagePalette() {
  var text = document.documentElement.dataset.palette;
  if (!text) { throw new Error("the page has no data-palette: its template must render it"); }
  return JSON.parse(text);
}

export function communityColour(index) {
  if (index === null || index === undefined || index < 0) { return OTHER; }
  return COMMUNITY[index % COMMUNITY.length];
}

function mix(t) {
  var rgb = YEAR_FROM.map(function (c, i) { return Math.round(c + (YEAR_TO[i] - c) * t); });
  return "rgb(" + rgb.join(",") + ")";
}

/* Old papers light (yellow), recent dark (indigo); undated papers grey. */
export function yearColour(year, range) {
  if (!year || !range || range.min === null) { return UNDATED; }
  var t = range.max > range.min ? (year - range.min) / (range.max - range.min) : 1;
  return mix(t);
}

export function yearGradient() {
  return "linear-gradient(to right, " + mix(0) + ", " + mix(0.5) + ", " + mix(1) + ")";
}

export function yearRange(nodes) {
  var years = nodes.map(function (n) { return n.year; }).filter(function (y) { return !!y; });
  if (!years.length) { return {min: null, max: null}; }
  return {min: Math.min.apply(null, years), max: Math.max.apply(null, years)};
}

export function citations(node) {
  return Math.max(node.indegree || 0, node.cited_by_count || 0);
}

/* Paper radii run from SIZE_MIN (the map's least cited paper) to SIZE_MAX (its most
 * cited), by the logarithm of the citations: read against the map, not against every
 * field (on an absolute scale 20 and 200 citations drew 9 and 12 px, alike at a glance). */
export var SIZE_MIN = 5, SIZE_MAX = 17;

/* The log-citation range of a map's loaded papers, for nodeSize; null without papers. */
export function citationRange(nodes) {
  var logs = nodes.filter(function (n) { return n.type === "Paper" && !isUnresolved(n); })
    .map(function (n) { return Math.log(1 + citations(n)); });
  if (!logs.length) { return null; }
  return {lo: Math.min.apply(null, logs), hi: Math.max.apply(null, logs),
    min: Math.round(Math.exp(Math.min.apply(null, logs)) - 1),
    max: Math.round(Math.exp(Math.max.apply(null, logs)) - 1)};
}

export function nodeSize(node, bySize, range) {
  if (!bySize || node.type !== "Paper") { return node.type === "Paper" ? 9 : 8; }
  if (!range || !(range.hi > range.lo)) { return (SIZE_MIN + SIZE_MAX) / 2; }
  var t = (Math.log(1 + citations(node)) - range.lo) / (range.hi - range.lo);
  return SIZE_MIN + (SIZE_MAX - SIZE_MIN) * Math.max(0, Math.min(1, t));
}

export function colourOf(node, mode, range) {
  if (mode === "type") { return TYPE[node.type] || OTHER; }
  if (mode === "year") {
    return node.type === "Paper" ? yearColour(node.year, range) : OTHER;
  }
  return communityColour(node.community);
}

export function isUnresolved(node) { return !!(node.unresolved || (node.stub && !node.title)); }

export function tooltipText(node, communities) {
  var lines = [dom.plain(node.title || node.label || node.id)];
  var facts = [node.type];
  if (node.first_author) {
    facts.push(node.first_author + (node.authors > 1 ? " et al." : ""));
  }
  if (node.year) { facts.push(String(node.year)); }
  if (node.type === "Paper") { facts.push(citations(node) + " citations"); }
  if (node.stub) { facts.push("reference not loaded"); }
  lines.push(facts.join(" · "));
  if (node.venue) { lines.push(node.venue); }
  var community = null;
  (communities || []).forEach(function (c) { if (c.id === node.community) { community = c; } });
  if (community) { lines.push("community: " + community.label); }
  return lines.join("\n");
}

/* The hover card: the title with its allow-listed formatting (never live HTML, never
 * raw tags), then the facts as text. */
function tooltip(node, communities) {
  var box = document.createElement("div");
  box.className = "map-tooltip";
  var lines = tooltipText(node, communities).split("\n");
  var head = document.createElement("strong");
  head.appendChild(dom.formatted(node.title || node.label || node.id));
  box.appendChild(head);
  box.appendChild(document.createTextNode("\n" + lines.slice(1).join("\n")));
  return box;
}

/* A factor that brings small views closer together (the server lays every view out
 * within +-1000), so labels stay readable after fitting. */
export function positionScale(nodes) {
  var extent = 1;
  nodes.forEach(function (n) {
    extent = Math.max(extent, Math.abs(n.x || 0), Math.abs(n.y || 0));
  });
  return Math.min(1, 190 * Math.sqrt(Math.max(nodes.length, 1)) / extent);
}

/* The vis-network node of a view node. Labels are set by labels.js. */
export function visNode(node, opts) {
  var colour = colourOf(node, opts.colour, opts.range);
  var center = node.id === opts.center, hollow = isUnresolved(node);
  var vis = {
    id: node.id, label: opts.withLabels === false ? undefined : (node.label || node.id),
    title: tooltip(node, opts.communities),
    x: node.x * (opts.scale || 1), y: node.y * (opts.scale || 1),
    size: nodeSize(node, opts.bySize !== false, opts.sizes) + (center ? 4 : 0),
    color: {background: hollow ? STUB : colour, border: center ? "#111" : (hollow ?
      STUB_BORDER : colour), highlight: {background: colour, border: "#111"}},
    borderWidth: center ? 3 : (hollow ? 1.5 : 1),
    shape: SHAPE[node.type] || "dot",
    font: {size: center ? 14 : 12, color: "#1f2933", strokeWidth: 3, strokeColor: "#ffffff"}
  };
  if (opts.dim && opts.dim(node)) {
    vis.color = {background: "#e4e7eb", border: "#d3d8de"};
    vis.font = {size: 11, color: "#9aa5b1", strokeWidth: 0};
  }
  return vis;
}

export var EDGE_STYLE = {
  CITES: {color: "#9aa8b6", dashes: false, arrows: "to", label: "cites (arrow points to the cited paper)"},
  AUTHORED: {color: "#e3a0a1", dashes: false, arrows: "", label: "authored"},
  ABOUT: {color: "#9fcb98", dashes: [4, 4], arrows: "", label: "is about (topic)"},
  AFFILIATED_WITH: {color: "#cdb1c6", dashes: [2, 3], arrows: "", label: "affiliated with"},
  RELATED: {color: "#c4cdd6", dashes: false, arrows: "",
    label: "related: cited together, shared references or similar words"},
  RELATED_TO: {color: "#b6c3d1", dashes: [8, 4], arrows: "", label: "related work (by the source)"},
  PART_OF: {color: "#9fcb98", dashes: [2, 6], arrows: "to", label: "narrower topic of"}
};

export function visEdge(edge, index) {
  var style = EDGE_STYLE[edge.type] || EDGE_STYLE.RELATED_TO;
  var title = edge.type;
  if (edge.evidence && edge.evidence.length) {  // untrusted text: shown as text
    title = document.createElement("div");
    title.className = "map-tooltip";
    title.appendChild(document.createTextNode(edge.evidence.join("; ")));
  }
  return {id: "e" + index, from: edge.source, to: edge.target, arrows: style.arrows,
    dashes: style.dashes, color: {color: style.color, highlight: "#333", hover: "#333"},
    width: edge.type === "RELATED" ? 0.5 + 2.5 * Math.min(1, edge.weight || 0) : 1, title: title};
}
