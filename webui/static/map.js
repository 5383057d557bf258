/* The research map: a vis-network canvas drawn from /api/neighbourhood with the
 * server's positions (physics off, straight edges), or on a timeline. The query string
 * holds the whole view (options, layout, expanded, added, pinned and hidden nodes, the
 * highlighted community by its stable key), so a shared URL reproduces it. Labels are
 * placed by labels.js. Exports the map's actions (expand, add, pin, hide, ...), which
 * page.js hands to the side panel and the adjacent-work lists; start() is told what a
 * click on a node opens. window.__mapStats is for tests. */
import * as dom from "./dom.js";
import * as labels from "./labels.js";
import * as legend from "./legend.js";
import * as maplist from "./maplist.js";
import * as mapState from "./mapstate.js";
import * as palette from "./palette.js";
import * as snapshot from "./snapshot.js";
import * as timeline from "./timeline.js";
import {DataSet, Network} from "./vis.js";

var OPTIONS = {
  physics: false, layout: {improvedLayout: false},
  edges: {smooth: false, width: 0.7, arrows: {to: {scaleFactor: 0.4}}},
  nodes: {shape: "dot", scaling: {label: {drawThreshold: 3, maxVisible: 40}}},
  interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: true, multiselect: false,
    keyboard: {enabled: true, bindToWindow: false}}
};
var panel, canvas, network, nodesDS, edgesDS, state, view, known = {}, edgeKeys = {};
var sizes = null;  // the shown papers' citation range (palette.citationRange)
var loadCount = 0, scale = 1, requestSeq = 0, STALE = new Error("stale"), axis = null;
var labelTimer = null, fetched = 0, shownLabels = [], stats = null;
var onSelect = function () {};

function writeState() { mapState.write(state, panel.dataset.id); }
function form() { return document.getElementById("map-controls"); }
function stateToControls() { mapState.toControls(form(), state); }

function neighbourhoodUrl(id, q) { return "/api/neighbourhood/" + dom.idPath(id) + "?" + q; }
function status(text, isError) {
  var box = document.getElementById("map-status");
  box.className = isError ? "map-status error" : "map-status";
  box.textContent = text;
}

function load() {
  status("loading the research map…");
  writeState();
  var started = performance.now(), seq = ++requestSeq;
  return dom.getJSON(neighbourhoodUrl(panel.dataset.id, mapState.viewQuery(state)))
    .then(function (data) {
      if (seq !== requestSeq) { throw STALE; }
      var pinned = state.pin.map(function (id) { return known[id]; }).filter(Boolean);
      view = data;
      known = {};
      edgeKeys = {};
      data.nodes.forEach(function (n) { known[n.id] = n; });
      pinned.forEach(function (n) { if (!known[n.id]) { known[n.id] = n; } });
      // fetched together, merged in the URL's order: one URL, one view (export_state.py)
      var jobs = state.expand.map(function (id) { return [expandAround, id, fetchSub(id)]; })
        .concat(state.add.map(function (id) { return [addOne, id, fetchSub(id)]; }));
      jobs.forEach(function (job) { job[2].catch(function () {}); });
      return jobs.reduce(function (done, job) {
        return done.then(function () { return job[0](job[1], true, job[2]).catch(function () {}); });
      }, Promise.resolve());
    })
    .then(function () {
      if (seq === requestSeq) { fetched = performance.now() - started; draw(started, true); }
    })
    .catch(function (error) {
      if (error !== STALE) { status("cannot draw the map: " + error.message, true); }
    });
}

function hiddenStub(n) {
  return !state.stubs && palette.isUnresolved(n) && n.id !== view.center &&
    state.add.indexOf(n.id) < 0;
}

function visibleNodes() {
  return Object.keys(known).map(function (id) { return known[id]; }).filter(function (n) {
    return state.hide.indexOf(n.id) < 0 && !hiddenStub(n);
  });
}

function highlightedId() {
  var found = (view.communities || []).filter(function (c) { return c.key === state.community; });
  return found.length ? found[0].id : null; }

function dimmer() {
  var id = highlightedId();
  return id === null ? null : function (n) { return n.community !== id; }; }

function styleOpts(nodes) {
  sizes = palette.citationRange(nodes);
  return {colour: state.colour, bySize: state.size, range: palette.yearRange(nodes),
    sizes: sizes,
    scale: scale, communities: view.communities, center: view.center, dim: dimmer(),
    withLabels: false};
}

function positionOf(n) {
  if (state.layout === "timeline" && axis && axis.positions[n.id]) {
    return axis.positions[n.id];
  }
  return {x: n.x * scale, y: n.y * scale};
}

function toVis(n, opts) {
  var vis = palette.visNode(n, opts), p = positionOf(n);
  vis.x = p.x;
  vis.y = p.y;
  vis.label = undefined;
  if (state.pin.indexOf(n.id) >= 0) {
    vis.fixed = true;
    vis.shapeProperties = {borderDashes: [4, 2]};
    vis.borderWidth = 3;
  }
  return vis;
}

function radiusOf(n) {
  return palette.nodeSize(n, state.size, sizes) + (n.id === view.center ? 4 : 0);
}

function placeLabels() {
  if (!network || !nodesDS) { return; }
  shownLabels = labels.place(network, canvas, nodesDS, visibleNodes(), {center: view.center,
    density: state.labels, radiusOf: radiusOf, dimmed: dimmer()});
}

function draw(started, refit) {
  var nodes = visibleNodes();
  scale = palette.positionScale(view.nodes);
  axis = state.layout === "timeline" ? timeline.layout(nodes, allEdges()) : null;
  var opts = styleOpts(nodes), ids = {};
  nodes.forEach(function (n) { ids[n.id] = true; });
  var edges = allEdges().filter(function (e) { return ids[e.source] && ids[e.target]; });
  nodesDS = new DataSet(nodes.map(function (n) { return toVis(n, opts); }));
  edgesDS = new DataSet(edges.map(palette.visEdge));
  var previous = network && !refit ? {position: network.getViewPosition(),
    scale: network.getScale()} : null;
  if (!network) {
    network = new Network(canvas, {nodes: nodesDS, edges: edgesDS}, OPTIONS);
    network.on("click", function (event) {
      if (event.nodes.length) { mark(event.nodes[0]); onSelect(known[event.nodes[0]]); }
      else { mark(null); }
    });
    network.on("dragEnd", function (event) { rememberPositions(event.nodes); });
    network.on("zoom", scheduleLabels);
    network.on("dragEnd", scheduleLabels);
    network.on("beforeDrawing", function (ctx) {
      if (axis) { timeline.drawAxis(ctx, axis, network.getScale()); }
    });
  } else {
    network.setData({nodes: nodesDS, edges: edgesDS});
  }
  loadCount += 1;
  if (previous) {
    network.moveTo({position: previous.position, scale: previous.scale, animation: false});
  } else {
    network.fit({animation: false});
    labels.fitLabels(network, canvas, nodes.slice().sort(function (a, b) {
      return a.rank - b.rank;
    }).slice(0, 10), view.center, radiusOf);
  }
  placeLabels();
  network.once("afterDrawing", function () {
    stats = window.__mapStats = {nodes: nodesDS.length, edges: edgesDS.length, loads: loadCount,
      total: view.total_nodes, center: view.center, drawn: true, layout: state.layout,
      query: mapState.viewQuery(state).toString(), labels: shownLabels.length,
      drawMs: Math.round(performance.now() - started), fetchMs: Math.round(fetched),
      renderMs: Math.round(performance.now() - started - fetched)};
    panel.dataset.state = "drawn";
    document.dispatchEvent(new CustomEvent("rge:map-drawn"));
  });
  network.redraw();
  showCounts(nodes.length);
  showLegend();
  maplist.render(document.getElementById("map-list"),
    maplist.withCommunities(nodes, view.communities), select);
}

function scheduleLabels() { clearTimeout(labelTimer); labelTimer = setTimeout(placeLabels, 60); }

function allEdges() {  // each link once (the view's own and those merged in)
  var seen = {}, extra = Object.keys(edgeKeys).map(function (k) { return edgeKeys[k]; });
  return view.edges.concat(extra).filter(function (e) {
    var k = e.source + "|" + e.target + "|" + e.type, fresh = !seen[k]; seen[k] = true; return fresh;
  });
}

function rememberPositions(ids) {
  if (state.layout === "timeline") { return; }
  var positions = network.getPositions(ids);
  ids.forEach(function (id) {
    if (known[id]) {
      known[id].x = positions[id].x / scale;
      known[id].y = positions[id].y / scale;
    }
  });
}

function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

function showCounts(shown) {
  var extra = Object.keys(known).length - view.nodes.length;
  var total = view.total_nodes + extra;
  var stubs = Object.keys(known).filter(function (id) { return hiddenStub(known[id]); }).length;
  var parts = ["showing " + shown + " of " + plural(total, "node", "nodes")];
  if (view.left_out_nodes) { parts.push(view.left_out_nodes + " left out by the caps"); }
  if (stubs) { parts.push(plural(stubs, "unresolved reference", "unresolved references") + " hidden"); }
  if (state.hide.length) { parts.push(state.hide.length + " hidden by you"); }
  status(parts.join(" · "));
  var list = document.getElementById("map-truncated");
  dom.clear(list);
  view.truncated.forEach(function (cut) {
    list.appendChild(dom.el("li", {title: "rule: " + cut.rule}, cut.message));
  });
  document.getElementById("map-unhide").hidden = !state.hide.length;
}

function showLegend() {
  legend.render(document.getElementById("map-legend"),
    document.getElementById("legend-heading"), state.colour, view, visibleNodes(),
    state.community, function (key) {
      state.community = state.community === key ? "" : key;
      writeState();
      restyle();
    });
  legend.key(document.getElementById("map-key"), state.stubs, state.size ? sizes : null);
}

function restyle() {
  if (!nodesDS) { return; }
  var nodes = visibleNodes(), opts = styleOpts(nodes);
  nodesDS.update(nodes.map(function (n) {
    var vis = toVis(n, opts);
    delete vis.x; delete vis.y;
    return vis;
  }));
  placeLabels();
  showLegend();
}

/* Merge the neighbourhood of `id` around its position (expand) or only `id` itself (add). */
function merge(sub, anchorId, onlyCenter) {
  var anchor = known[anchorId], subCenter = sub.nodes[0], added = 0;
  sub.nodes.forEach(function (n) {
    if (known[n.id] || (onlyCenter && n.id !== sub.center)) { return; }
    var copy = Object.assign({}, n, {community: null, hop: 2,
      rank: (n.rank || 0) + Object.keys(known).length});
    if (anchor) {
      copy.x = anchor.x + (n.x - subCenter.x) * 0.35;
      copy.y = anchor.y + (n.y - subCenter.y) * 0.35;
    }
    known[n.id] = copy;
    added += 1;
  });
  sub.edges.forEach(function (e) {  // drawn when both ends are shown, whatever the order
    var k = e.source + "|" + e.target + "|" + e.type; edgeKeys[k] = edgeKeys[k] || e;
  });
  return added;
}

function subQuery() {
  return mapState.viewQuery({kind: state.kind, depth: "1", limit: "40", types: state.types,
    years: state.years, undated: state.undated});
}

function fetchSub(id) { return dom.getJSON(neighbourhoodUrl(id, subQuery())); }

function expandAround(id, quiet, fetched) {
  return (fetched || fetchSub(id)).then(function (sub) {
    var added = merge(sub, id, false);
    if (state.expand.indexOf(id) < 0) { state.expand.push(id); }
    if (!quiet) {
      draw(performance.now(), false); writeState();
      var name = (known[id] && known[id].label) || id;
      status(added ? "expanded " + name + ": " + added + " more papers" :
        "expanded " + name + ": nothing new to add (its related papers are all on the map)");
    }
  });
}

function addOne(id, quiet, fetched) {
  return (fetched || fetchSub(id)).then(function (sub) {
    var linked = sub.nodes.filter(function (n) { return known[n.id]; });
    var place = linked.length ? linked[0] : known[view.center];
    var wasKnown = !!known[id];
    merge(sub, "", true);
    if (!wasKnown && known[id] && place) {
      known[id].x = place.x + 60;
      known[id].y = place.y + 60;
    }
    if (state.add.indexOf(id) < 0) { state.add.push(id); }
    state.hide = state.hide.filter(function (h) { return h !== id; });
    if (!quiet) { draw(performance.now(), false); writeState(); }
  });
}

function toggle(list, id) {
  var i = state[list].indexOf(id);
  if (i >= 0) { state[list].splice(i, 1); } else { state[list].push(id); }
  writeState();
}

export function pin(id) {
  rememberPositions([id]);
  toggle("pin", id);
  restyle();
  return state.pin.indexOf(id) >= 0;
}

export function hide(id) {
  if (state.hide.indexOf(id) < 0) { state.hide.push(id); }
  writeState();
  nodesDS.remove(id);
  showCounts(visibleNodes().length);
  placeLabels();
  stats.nodes = nodesDS.length;
}

function unhide() {
  state.hide = [];
  draw(performance.now(), false);
  writeState();
}

/* Select `id` on the map and open its panel (focused, for a keyboard or the list). */
export function select(id, focusPanel) {
  if (!highlight(id)) { return; }
  setMode("map");
  onSelect(known[id]);
  if (focusPanel) { document.getElementById("node-panel").focus(); }
}

/* Select and centre `id` on the map, its list row marked, without opening it. */
export function highlight(id) {
  if (!network || !nodesDS.get(id)) { return false; }
  network.selectNodes([id]);
  network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: false});
  placeLabels();
  return mark(id);
}
function mark(id) { maplist.mark(document.getElementById("map-list"), id); return true; }

function setMode(mode) {
  state.mode = mode;
  document.getElementById("map-area").hidden = mode !== "map";
  document.getElementById("map-list").hidden = mode !== "list";
  document.querySelectorAll("[data-mode]").forEach(function (b) {
    b.setAttribute("aria-pressed", b.dataset.mode === mode ? "true" : "false");
  });
  writeState();
  if (mode === "map" && network) { network.redraw(); }
}

function savePng() {
  var image = snapshot.render(network, canvas, nodesDS.get(), edgesDS.get(),
    snapshot.legendOf(state.colour, view, visibleNodes()), view.center_title || view.center);
  window.__mapPng = {width: image.width, height: image.height, legend: image.legend};
  snapshot.download(image, "research-map-" + panel.dataset.id.replace(/[^A-Za-z0-9._-]+/g, "_") +
    ".png");
}

/* Draw the map of the page, if it has one; `options.onSelect(node)` is called with the
 * node clicked or chosen. */
export function start(options) {
  panel = document.getElementById("map-panel");
  if (!panel || !Network) { return; }
  onSelect = options.onSelect;
  canvas = document.getElementById("map-canvas");
  state = mapState.read();
  stateToControls();
  form().addEventListener("submit", function (event) { event.preventDefault(); });
  form().addEventListener("change", function (event) {
    if (event.target.name === "find") { return; }
    var next = mapState.fromControls(form(), state);
    if (next.kind !== state.kind) { next.types = ""; state.types = ""; }
    var reload = ["kind", "depth", "limit", "types", "years", "undated"].some(function (k) {
      return next[k] !== state[k];
    });
    var relayout = next.layout !== state.layout || next.stubs !== state.stubs;
    state = next;
    if (reload) { stateToControls(); load(); } else if (relayout) { writeState(); draw(performance.now(), true); }
    else { writeState(); restyle(); }
  });
  document.getElementById("map-png").addEventListener("click", savePng);
  document.getElementById("map-unhide").addEventListener("click", unhide);
  document.getElementById("map-fit").addEventListener("click", function () {
    if (network) { network.fit({animation: false}); placeLabels(); }
  });
  document.querySelectorAll("[data-mode]").forEach(function (b) {
    b.addEventListener("click", function () { setMode(b.dataset.mode); });
  });
  maplist.findBox(document.getElementById("map-find"),
    document.getElementById("map-find-options"), visibleNodes, select);
  setMode(state.mode);
  load();
}

export function expand(id) { return expandAround(id, false); }
export function add(id) { return addOne(id, false); }
export function currentNetwork() { return network; }
export function isPinned(id) { return state.pin.indexOf(id) >= 0; }
export function has(id) { return !!(nodesDS && nodesDS.get(id)); }
export function nodes() { return visibleNodes(); }
