/* The map's legend: one per colour mode (communities; types with their shapes; years as a
 * gradient with an "undated" swatch), and a key to shapes, hollow nodes and edge styles.
 * Community entries are buttons keyed by the community's stable key. */
import * as dom from "./dom.js";
import * as palette from "./palette.js";

var el = dom.el;
var SVG = "http://www.w3.org/2000/svg";

export function shapeIcon(type, fill, stroke) {
  var svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("viewBox", "0 0 14 14");
  svg.setAttribute("aria-hidden", "true");
  var shape;
  if (type === "Person") {
    shape = document.createElementNS(SVG, "polygon");
    shape.setAttribute("points", "7,1 13,7 7,13 1,7");
  } else if (type === "Topic") {
    shape = document.createElementNS(SVG, "polygon");
    shape.setAttribute("points", "7,1 13,12 1,12");
  } else if (type === "Institution") {
    shape = document.createElementNS(SVG, "rect");
    shape.setAttribute("x", "2"); shape.setAttribute("y", "2");
    shape.setAttribute("width", "10"); shape.setAttribute("height", "10");
  } else {
    shape = document.createElementNS(SVG, "circle");
    shape.setAttribute("cx", "7"); shape.setAttribute("cy", "7"); shape.setAttribute("r", "5.5");
  }
  shape.setAttribute("fill", fill);
  shape.setAttribute("stroke", stroke || fill);
  shape.setAttribute("stroke-width", "1.5");
  svg.appendChild(shape);
  return svg;
}

function lineIcon(style) {
  var svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", "26"); svg.setAttribute("height", "10");
  svg.setAttribute("aria-hidden", "true");
  var line = document.createElementNS(SVG, "line");
  line.setAttribute("x1", "1"); line.setAttribute("y1", "5");
  line.setAttribute("x2", "24"); line.setAttribute("y2", "5");
  line.setAttribute("stroke", style.color === "#9aa8b6" ? "#6b7a89" : style.color);
  line.setAttribute("stroke-width", "2");
  if (style.dashes) { line.setAttribute("stroke-dasharray", style.dashes.join(" ")); }
  svg.appendChild(line);
  if (style.arrows) {
    var head = document.createElementNS(SVG, "polygon");
    head.setAttribute("points", "19,1 25,5 19,9");
    head.setAttribute("fill", line.getAttribute("stroke"));
    svg.appendChild(head);
  }
  return svg;
}

function swatch(colour) {
  var span = el("span", {className: "swatch", "aria-hidden": "true"});
  span.style.backgroundColor = colour;
  return span;
}

function communities(box, view, highlighted, onPick) {
  view.communities.forEach(function (c) {
    var button = el("button", {type: "button", className: "legend-entry",
      "aria-pressed": highlighted === c.key ? "true" : "false",
      title: c.label + " (" + c.size + "): click to highlight", dataset: {community: c.key}},
    swatch(palette.communityColour(c.id)), el("span", {className: "legend-label"}, c.label),
    el("span", {className: "legend-size"}, " " + c.size));
    button.addEventListener("click", function () { onPick(c.key); });
    box.appendChild(el("li", {}, button));
  });
}

function types(box) {
  Object.keys(palette.TYPE).forEach(function (type) {
    box.appendChild(el("li", {className: "legend-row"}, shapeIcon(type, palette.TYPE[type]),
      type + " (" + palette.SHAPE_NAME[type] + ")"));
  });
}

function years(box, nodes) {
  var range = palette.yearRange(nodes.filter(function (n) { return n.type === "Paper"; }));
  var bar = el("span", {className: "year-bar", "aria-hidden": "true"});
  bar.style.backgroundImage = palette.yearGradient();
  box.appendChild(el("li", {className: "legend-row year-row"},
    el("span", {}, String(range.min || "?")), bar, el("span", {}, String(range.max || "?"))));
  box.appendChild(el("li", {className: "legend-row"}, swatch(palette.UNDATED),
    "undated paper"));
  box.appendChild(el("li", {className: "legend-row"}, swatch(palette.OTHER),
    "person, topic, institution (no year)"));
}

export function key(box, stubsShown, sizes) {
  dom.clear(box);
  ["Paper", "Person", "Topic", "Institution"].forEach(function (type) {
    box.appendChild(el("li", {className: "legend-row"}, shapeIcon(type, "#52606d"),
      type.toLowerCase()));
  });
  box.appendChild(el("li", {className: "legend-row"},
    shapeIcon("Paper", "#ffffff", palette.STUB_BORDER),
    stubsShown ? "hollow: reference not loaded" : "hollow: reference not loaded (hidden)"));
  box.appendChild(el("li", {className: "legend-row"}, sizes && sizes.max > sizes.min ?
    "size = citations, " + sizes.min.toLocaleString("en") + " (smallest) to " +
    sizes.max.toLocaleString("en") + " (largest)" : "size = citations"));
  ["RELATED", "CITES", "AUTHORED", "ABOUT", "RELATED_TO"].forEach(function (type) {
    var style = palette.EDGE_STYLE[type];
    box.appendChild(el("li", {className: "legend-row"}, lineIcon(style), style.label));
  });
}

export function render(box, heading, mode, view, nodes, highlighted, onPick) {
  dom.clear(box);
  if (mode === "type") {
    heading.textContent = "Node types:";
    types(box);
  } else if (mode === "year") {
    heading.textContent = "Publication year:";
    years(box, nodes);
  } else {
    heading.textContent = "Communities:";
    communities(box, view, highlighted, onPick);
  }
}
