/* The research map: a vis-network canvas drawn from /api/neighbourhood with the
 * server's positions (physics off, straight edges). The query string holds the
 * whole view (options, expanded, added, pinned and hidden nodes), so a shared
 * URL reproduces it. Exposes RGE.map for the side panel and the adjacent-work
 * list, and window.__mapStats for tests. */
(function (root) {
  "use strict";
  var dom = root.RGE.dom, palette = root.RGE.palette;
  var LIST_KEYS = ["expand", "add", "pin", "hide"];
  var OPTIONS = {
    physics: false, layout: {improvedLayout: false},
    edges: {smooth: false, width: 0.6, color: {color: "#b8c2cc", highlight: "#333", hover: "#333"},
      arrows: {to: {scaleFactor: 0.4}}},
    nodes: {shape: "dot"},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: true, multiselect: false}
  };
  var panel, canvas, network, nodesDS, edgesDS, state, view, known = {}, edgeKeys = {};
  var highlighted = null, loadCount = 0, scale = 1, requestSeq = 0, STALE = new Error("stale");

  function readState() {
    var q = new URLSearchParams(location.search);
    var s = {depth: q.get("depth") || "1", types: q.get("types") || "",
      years: q.get("years") || "", limit: q.get("limit") || "300",
      colour: q.get("colour") || "community", size: q.get("size") !== "off"};
    LIST_KEYS.forEach(function (k) { s[k] = (q.get(k) || "").split(",").filter(Boolean); });
    return s;
  }

  function viewQuery(s) {
    var q = new URLSearchParams({depth: s.depth, limit: s.limit});
    if (s.types) { q.set("types", s.types); }
    if (s.years) { q.set("years", s.years); }
    return q;
  }

  function writeState() {
    var q = viewQuery(state);
    if (state.colour !== "community") { q.set("colour", state.colour); }
    if (!state.size) { q.set("size", "off"); }
    LIST_KEYS.forEach(function (k) { if (state[k].length) { q.set(k, state[k].join(",")); } });
    history.replaceState(null, "", location.pathname + "?" + q.toString());
    var exportQuery = viewQuery(state).toString();
    document.querySelectorAll("a[data-export]").forEach(function (a) {
      a.href = "/export/" + dom.idPath(panel.dataset.id) + "." + a.dataset.export + "?" +
        exportQuery;
    });
  }

  function controlsToState() {
    var form = document.getElementById("map-controls");
    var types = Array.prototype.filter.call(form.querySelectorAll("input[name=type]"),
      function (box) { return box.checked; }).map(function (box) { return box.value; });
    var from = form.elements.year_from.value.trim(), to = form.elements.year_to.value.trim();
    var next = Object.assign({}, state, {
      depth: form.elements.depth.value, limit: form.elements.limit.value || "300",
      types: types.length === 4 ? "" : types.join(","), years: from || to ? from + ":" + to : "",
      colour: form.elements.colour.value, size: form.elements.size.checked});
    return next;
  }

  function stateToControls() {
    var form = document.getElementById("map-controls");
    form.elements.depth.value = state.depth;
    form.elements.limit.value = state.limit;
    form.elements.colour.value = state.colour;
    form.elements.size.checked = state.size;
    var types = state.types ? state.types.split(",") : null;
    form.querySelectorAll("input[name=type]").forEach(function (box) {
      box.checked = !types || types.indexOf(box.value) >= 0;
    });
    var years = state.years.split(":");
    form.elements.year_from.value = years[0] || "";
    form.elements.year_to.value = years[1] || "";
  }

  function neighbourhoodUrl(id, q) {
    return "/api/neighbourhood/" + dom.idPath(id) + "?" + q.toString();
  }

  function status(text, isError) {
    var box = document.getElementById("map-status");
    dom.clear(box);
    box.className = isError ? "map-status error" : "map-status";
    box.appendChild(document.createTextNode(text));
  }

  function load() {
    status("loading the research map…");
    writeState();
    var started = performance.now(), seq = ++requestSeq;
    return dom.getJSON(neighbourhoodUrl(panel.dataset.id, viewQuery(state)))
      .then(function (data) {
        if (seq !== requestSeq) { throw STALE; }
        var pinned = state.pin.map(function (id) { return known[id]; }).filter(Boolean);
        view = data;
        known = {};
        edgeKeys = {};
        data.nodes.forEach(function (n) { known[n.id] = n; });
        pinned.forEach(function (n) { if (!known[n.id]) { known[n.id] = n; } });
        var extra = state.expand.map(function (id) { return expand(id, true); })
          .concat(state.add.map(function (id) { return add(id, true); }));
        return Promise.all(extra.map(function (p) { return p.catch(function () {}); }));
      })
      .then(function () { if (seq === requestSeq) { draw(started); } })
      .catch(function (error) {
        if (error !== STALE) { status("cannot draw the map: " + error.message, true); }
      });
  }

  function visibleNodes() {
    return Object.keys(known).map(function (id) { return known[id]; })
      .filter(function (n) { return state.hide.indexOf(n.id) < 0; });
  }

  function styleOpts(nodes) {
    return {colour: state.colour, bySize: state.size, range: palette.yearRange(nodes),
      scale: scale,
      communities: view.communities, center: view.center,
      dim: highlighted === null ? null : function (n) { return n.community !== highlighted; }};
  }

  function toVis(n, opts) {
    var vis = palette.visNode(n, opts);
    if (state.pin.indexOf(n.id) >= 0) {
      vis.fixed = true;
      vis.shapeProperties = {borderDashes: [4, 2]};
      vis.borderWidth = 3;
    }
    return vis;
  }

  function draw(started) {
    var nodes = visibleNodes();
    scale = palette.positionScale(view.nodes);
    var opts = styleOpts(nodes), ids = {};
    nodes.forEach(function (n) { ids[n.id] = true; });
    var edges = allEdges().filter(function (e) { return ids[e.source] && ids[e.target]; });
    nodesDS = new root.vis.DataSet(nodes.map(function (n) { return toVis(n, opts); }));
    edgesDS = new root.vis.DataSet(edges.map(palette.visEdge));
    if (!network) {
      network = new root.vis.Network(canvas, {nodes: nodesDS, edges: edgesDS}, OPTIONS);
      network.on("click", function (event) {
        if (event.nodes.length) { root.RGE.panel.show(known[event.nodes[0]]); }
      });
      network.on("dragEnd", function (event) { rememberPositions(event.nodes); });
    } else {
      network.setData({nodes: nodesDS, edges: edgesDS});
    }
    loadCount += 1;
    network.once("afterDrawing", function () {
      root.__mapStats = {nodes: nodesDS.length, edges: edgesDS.length, loads: loadCount,
        total: view.total_nodes, center: view.center, drawn: true,
        query: viewQuery(state).toString(),
        drawMs: Math.round(performance.now() - started)};
      panel.dataset.state = "drawn";
    });
    network.fit({animation: false});
    showCounts(nodes.length);
    legend();
  }

  function allEdges() {
    var out = view.edges.slice();
    Object.keys(edgeKeys).forEach(function (k) { out.push(edgeKeys[k]); });
    return out;
  }

  function rememberPositions(ids) {
    var positions = network.getPositions(ids);
    ids.forEach(function (id) {
      if (known[id]) {
        known[id].x = positions[id].x / scale;
        known[id].y = positions[id].y / scale;
      }
    });
  }

  function showCounts(shown) {
    var total = view.total_nodes + Object.keys(known).length - view.nodes.length;
    var text = "showing " + shown + " of " + total + " nodes";
    if (state.hide.length) { text += " (" + state.hide.length + " hidden)"; }
    status(text);
    var list = document.getElementById("map-truncated");
    dom.clear(list);
    view.truncated.forEach(function (cut) {
      list.appendChild(dom.el("li", {title: "rule: " + cut.rule}, cut.message));
    });
    document.getElementById("map-unhide").hidden = !state.hide.length;
  }

  function legend() {
    var box = document.getElementById("map-legend");
    dom.clear(box);
    if (state.colour === "type") {
      Object.keys(palette.TYPE).forEach(function (type) {
        box.appendChild(dom.el("li", {}, swatch(palette.TYPE[type]), type));
      });
      return;
    }
    if (state.colour === "year") {
      var range = palette.yearRange(visibleNodes());
      box.appendChild(dom.el("li", {}, "years " + (range.min || "?") + "–" + (range.max || "?") +
        " (light = older)"));
      return;
    }
    view.communities.forEach(function (c) {
      var button = dom.el("button", {type: "button", className: "legend-entry",
        "aria-pressed": highlighted === c.id ? "true" : "false", dataset: {community: c.id}},
      swatch(palette.communityColour(c.id)), c.label || ("community " + c.id),
      dom.el("span", {className: "legend-size"}, " (" + c.size + ")"));
      button.addEventListener("click", function () {
        highlighted = highlighted === c.id ? null : c.id;
        restyle();
      });
      box.appendChild(dom.el("li", {}, button));
    });
  }

  function swatch(colour) {
    var span = dom.el("span", {className: "swatch"});
    span.style.backgroundColor = colour;
    return span;
  }

  function restyle() {
    if (!nodesDS) { return; }
    var nodes = visibleNodes(), opts = styleOpts(nodes);
    nodesDS.update(nodes.map(function (n) { return toVis(n, opts); }));
    legend();
  }

  /* Merge the neighbourhood of `id` around its position (expand) or only `id` itself (add). */
  function merge(sub, anchorId, onlyCenter) {
    var anchor = known[anchorId], subCenter = sub.nodes[0];
    sub.nodes.forEach(function (n) {
      if (known[n.id] || (onlyCenter && n.id !== sub.center)) { return; }
      var copy = Object.assign({}, n, {community: null});
      if (anchor) {
        copy.x = anchor.x + (n.x - subCenter.x) * 0.35;
        copy.y = anchor.y + (n.y - subCenter.y) * 0.35;
      }
      known[n.id] = copy;
    });
    sub.edges.forEach(function (e) {
      if (known[e.source] && known[e.target]) {
        edgeKeys[e.source + "|" + e.target + "|" + e.type] = e;
      }
    });
  }

  function subQuery() {
    return viewQuery({depth: "1", limit: "40", types: state.types, years: state.years});
  }

  function expand(id, quiet) {
    return dom.getJSON(neighbourhoodUrl(id, subQuery())).then(function (sub) {
      merge(sub, id, false);
      if (state.expand.indexOf(id) < 0) { state.expand.push(id); }
      if (!quiet) { draw(performance.now()); writeState(); }
    });
  }

  function add(id, quiet) {
    return dom.getJSON(neighbourhoodUrl(id, subQuery())).then(function (sub) {
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
      if (!quiet) { draw(performance.now()); writeState(); }
    });
  }

  function toggle(list, id) {
    var i = state[list].indexOf(id);
    if (i >= 0) { state[list].splice(i, 1); } else { state[list].push(id); }
    writeState();
  }

  function pin(id) {
    rememberPositions([id]);
    toggle("pin", id);
    restyle();
    return state.pin.indexOf(id) >= 0;
  }

  function hide(id) {
    if (state.hide.indexOf(id) < 0) { state.hide.push(id); }
    writeState();
    nodesDS.remove(id);
    showCounts(visibleNodes().length);
    root.__mapStats.nodes = nodesDS.length;
  }

  function unhide() {
    state.hide = [];
    draw(performance.now());
    writeState();
  }

  function savePng() {
    var source = canvas.querySelector("canvas");
    var copy = document.createElement("canvas");
    copy.width = source.width;
    copy.height = source.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(source, 0, 0);
    var link = dom.el("a", {href: copy.toDataURL("image/png"),
      download: "research-map-" + panel.dataset.id.replace(/[^A-Za-z0-9._-]+/g, "_") + ".png"});
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function init() {
    panel = document.getElementById("map-panel");
    if (!panel || !root.vis) { return; }
    canvas = document.getElementById("map-canvas");
    state = readState();
    stateToControls();
    var form = document.getElementById("map-controls");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () {
      var next = controlsToState();
      var reload = ["depth", "limit", "types", "years"].some(function (k) {
        return next[k] !== state[k];
      });
      state = next;
      if (reload) { load(); } else { writeState(); restyle(); }
    });
    document.getElementById("map-png").addEventListener("click", savePng);
    document.getElementById("map-unhide").addEventListener("click", unhide);
    document.getElementById("map-fit").addEventListener("click", function () {
      if (network) { network.fit({animation: false}); }
    });
    load();
  }

  root.RGE.map = {expand: function (id) { return expand(id, false); },
    add: function (id) { return add(id, false); }, pin: pin, hide: hide,
    network: function () { return network; },
    isPinned: function (id) { return state.pin.indexOf(id) >= 0; },
    select: function (id) { if (network && known[id]) { network.selectNodes([id]); } }};
  document.addEventListener("DOMContentLoaded", init);
})(window);
