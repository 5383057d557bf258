/* The panel of the node clicked on the map: what it is, its actions, its context.
 * It sits in a corner of the map (at most a quarter of it) and closes with × or Escape
 * (focus then goes back to the map).
 * Also the details column's hide/show button, and the map options folded on a phone.
 * It acts on the map only through the actions start() is given (map.js's exports, handed
 * over by page.js), so it imports no map. */
import * as dom from "./dom.js";
import * as palette from "./palette.js";
import * as trail from "./trail.js";

var el = dom.el;
var map = null;

function list(title, items, render) {
  if (!items || !items.length) { return null; }
  return [el("h4", {}, title), el("ul", {className: "compact"}, items.slice(0, 6).map(render))];
}

function link(type, item) {
  return el("li", {}, el("a", {href: dom.pageUrl(type, item.id)}, item.name || item.title ||
    item.id), item.year ? " (" + item.year + ")" : "");
}

function facts(node) {
  var out = [node.type];
  if (node.first_author) { out.push(node.first_author + (node.authors > 1 ? " et al." : "")); }
  if (node.year) { out.push(String(node.year)); }
  if (node.venue) { out.push(node.venue); }
  if (node.type === "Paper") {
    var n = palette.citations(node);
    out.push(n + " citation" + (n === 1 ? "" : "s"));
  }
  return out.join(" · ");
}

function context(box, d, node) {
  var abstract = node.type === "Paper" && d.properties ? d.properties.abstract : null;
  dom.append(box, [
    abstract ? el("h4", {}, "Abstract") : null,
    abstract ? el("p", {className: "panel-abstract", tabindex: "0"}, String(abstract)) : null,
    node.type !== "Paper" ? null : list("Authors", d.authors, function (a) {
      return link("person", a);
    }),
    list("Topics", d.topics, function (t) { return link("topic", t); }),
    list("Papers", d.papers, function (p) { return link("paper", p); }),
    list("People", d.people, function (p) { return link("person", p); })
  ]);
}

/* Hide the panel; focus inside it goes back to the map, so the keyboard is not lost. */
function closePanel() {
  var box = document.getElementById("node-panel");
  if (!box || box.hidden) { return; }
  var inside = box.contains(document.activeElement);
  box.hidden = true;
  if (inside) { document.getElementById("map-canvas").focus(); }
}

/* Open the panel on a view node (called by the map when a node is clicked or chosen). */
export function show(node) {
  if (!node) { return; }
  var box = document.getElementById("node-panel");
  dom.clear(box);
  box.hidden = false;
  var close = el("button", {type: "button", className: "panel-close",
    "aria-label": "close the panel"}, "×");
  close.addEventListener("click", closePanel);
  var expand = el("button", {type: "button", id: "panel-expand"}, "Expand here");
  var pin = el("button", {type: "button", id: "panel-pin"},
    map.isPinned(node.id) ? "Unpin" : "Pin");
  var hide = el("button", {type: "button", id: "panel-hide"}, "Hide");
  var body = el("div", {className: "panel-body"}, el("p", {className: "muted"}, "loading…"));
  var open = node.stub && !node.title ? null : el("a", {href: dom.pageUrl(node.type, node.id),
    className: "button", id: "panel-open"}, "Open page");
  var lookUp = node.link ? el("a", {href: node.link, className: "button",
    rel: "noopener noreferrer"}, "Look it up") : null;
  dom.append(box, [close, el("h3", {}, node.title ? dom.formatted(node.title) :
    node.label || node.id),
    el("p", {className: "panel-facts"}, facts(node)),
    node.stub ? el("p", {className: "muted"}, "Known only as a reference: not loaded yet.") : null,
    el("div", {className: "panel-actions"}, open, lookUp, expand, pin, hide), body]);
  expand.addEventListener("click", function () {
    expand.disabled = true;
    map.expand(node.id).then(function () { expand.textContent = "Expanded"; },
      function (error) { expand.textContent = "Expand failed: " + error.message; });
  });
  pin.addEventListener("click", function () {
    pin.textContent = map.pin(node.id) ? "Unpin" : "Pin";
  });
  hide.addEventListener("click", function () { map.hide(node.id); closePanel(); });
  trail.visit({id: node.id, type: node.type, label: node.label});
  dom.getJSON("/api/nodes/" + dom.idPath(node.id)).then(function (d) {
    dom.clear(body);
    context(body, d, node);
  }, function (error) {
    dom.clear(body);
    body.appendChild(el("p", {className: "error"}, error.message));
  });
}

/* Wire the details toggle and Escape; `mapActions` is what the panel's buttons call:
 * {expand, pin, hide, isPinned, currentNetwork} (map.js's exports). */
export function start(mapActions) {
  map = mapActions;
  var options = document.getElementById("map-options");
  if (options && document.documentElement.clientWidth <= 600) { options.open = false; }
  var toggle = document.getElementById("details-toggle");
  var page = document.getElementById("entity");
  if (!toggle || !page) { return; }
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    toggle.textContent = open ? "details" : "hide details";
    document.getElementById("details-body").hidden = open;
    page.classList.toggle("details-collapsed", open);
    var network = map && map.currentNetwork();
    if (network) { setTimeout(function () { network.redraw(); }, 50); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePanel(); }
  });
}
