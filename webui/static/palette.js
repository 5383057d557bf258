/* Colours, sizes and tooltips of map nodes; shared by the app and the HTML export.
 * Data is untrusted: tooltips are DOM text nodes, never HTML. */
(function (root) {
  "use strict";
  var COMMUNITY = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#a0cbe8", "#ffbe7d",
    "#8cd17d", "#b6992d", "#499894", "#f1ce63", "#fabfd2", "#d4a6c8", "#79706e"];
  var TYPE = {Paper: "#4e79a7", Person: "#e15759", Topic: "#59a14f", Institution: "#b07aa1"};
  var OTHER = "#9aa5b1";

  function communityColour(index) {
    if (index === null || index === undefined || index < 0) { return OTHER; }
    return COMMUNITY[index % COMMUNITY.length];
  }

  function yearColour(year, range) {
    if (!year || !range || range.min === null) { return OTHER; }
    var t = range.max > range.min ? (year - range.min) / (range.max - range.min) : 1;
    var from = [198, 219, 239], to = [8, 48, 107];
    var rgb = from.map(function (c, i) { return Math.round(c + (to[i] - c) * t); });
    return "rgb(" + rgb.join(",") + ")";
  }

  function yearRange(nodes) {
    var years = nodes.map(function (n) { return n.year; }).filter(function (y) { return !!y; });
    if (!years.length) { return {min: null, max: null}; }
    return {min: Math.min.apply(null, years), max: Math.max.apply(null, years)};
  }

  function citations(node) {
    return Math.max(node.indegree || 0, node.cited_by_count || 0);
  }

  function nodeSize(node, bySize) {
    if (!bySize) { return node.type === "Paper" ? 10 : 12; }
    return 6 + 5 * Math.log(1 + citations(node)) / Math.LN10 * 1.6;
  }

  function colourOf(node, mode, range) {
    if (mode === "type") { return TYPE[node.type] || OTHER; }
    if (mode === "year") { return yearColour(node.year, range); }
    return communityColour(node.community);
  }

  function tooltipText(node, communities) {
    var lines = [node.title || node.label || node.id];
    var facts = [node.type];
    if (node.year) { facts.push(String(node.year)); }
    if (node.type === "Paper") { facts.push(citations(node) + " citations"); }
    if (node.stub) { facts.push("not loaded (stub)"); }
    lines.push(facts.join(" · "));
    var community = (communities || [])[node.community];
    if (community) { lines.push("community: " + community.label); }
    return lines.join("\n");
  }

  function tooltip(node, communities) {
    var box = document.createElement("div");
    box.className = "map-tooltip";
    box.appendChild(document.createTextNode(tooltipText(node, communities)));
    return box;
  }

  /* A factor that brings small views closer together (the server lays every view out
   * within +-1000), so labels stay readable after fitting. */
  function positionScale(nodes) {
    var extent = 1;
    nodes.forEach(function (n) {
      extent = Math.max(extent, Math.abs(n.x || 0), Math.abs(n.y || 0));
    });
    return Math.min(1, 160 * Math.sqrt(Math.max(nodes.length, 1)) / extent);
  }

  /* The vis-network node of a view node. */
  function visNode(node, opts) {
    var colour = colourOf(node, opts.colour, opts.range);
    var vis = {
      id: node.id, label: node.label || node.id, title: tooltip(node, opts.communities),
      x: node.x * (opts.scale || 1), y: node.y * (opts.scale || 1),
      size: nodeSize(node, opts.bySize !== false),
      color: {background: colour, border: node.id === opts.center ? "#111" : colour,
        highlight: {background: colour, border: "#111"}},
      borderWidth: node.id === opts.center ? 3 : 1,
      shape: node.type === "Paper" ? "dot" : (node.type === "Person" ? "diamond" :
        (node.type === "Topic" ? "triangle" : "square")),
      font: {size: node.id === opts.center ? 14 : 11, color: "#222"}
    };
    if (opts.dim && opts.dim(node)) {
      vis.color = {background: "#e4e7eb", border: "#e4e7eb"};
      vis.font = {size: 10, color: "#c0c6cc"};
    }
    return vis;
  }

  function visEdge(edge, index) {
    return {id: "e" + index, from: edge.source, to: edge.target,
      arrows: edge.type === "CITES" ? "to" : "", dashes: edge.type !== "CITES" &&
        edge.type !== "AUTHORED", title: edge.type};
  }

  root.RGE = root.RGE || {};
  root.RGE.palette = {communityColour: communityColour, colourOf: colourOf, visNode: visNode,
    visEdge: visEdge, yearRange: yearRange, positionScale: positionScale,
    tooltipText: tooltipText, TYPE: TYPE,
    citations: citations};
})(window);
