/* The side panel of the node clicked on the map: details and actions. */
(function (root) {
  "use strict";
  var dom = root.RGE.dom, palette = root.RGE.palette;
  var el = dom.el;

  function list(title, items, render) {
    if (!items || !items.length) { return null; }
    return [el("h4", {}, title), el("ul", {className: "compact"}, items.slice(0, 8).map(render))];
  }

  function link(type, item) {
    return el("li", {}, el("a", {href: dom.pageUrl(type, item.id)}, item.name || item.title ||
      item.id), item.year ? " (" + item.year + ")" : "");
  }

  function details(box, d) {
    var props = d.properties || {};
    var facts = [d.type];
    if (props.year) { facts.push(String(props.year)); }
    if (props.venue) { facts.push(props.venue); }
    if (d.citations) {
      facts.push(d.citations.cited_by_in_graph + " citations in the graph");
    }
    dom.append(box, [
      el("p", {className: "panel-facts"}, facts.join(" · ")),
      list("Authors", d.authors, function (a) { return link("person", a); }),
      list("Topics", d.topics, function (t) { return link("topic", t); }),
      list("Papers", d.papers, function (p) { return link("paper", p); }),
      list("People", d.people, function (p) { return link("person", p); })
    ]);
  }

  function show(node) {
    if (!node) { return; }
    var box = document.getElementById("node-panel");
    dom.clear(box);
    box.hidden = false;
    var map = root.RGE.map;
    var pinLabel = map.isPinned(node.id) ? "Unpin" : "Pin";
    var close = el("button", {type: "button", className: "panel-close", "aria-label": "close"},
      "×");
    close.addEventListener("click", function () { box.hidden = true; });
    var expand = el("button", {type: "button", id: "panel-expand"}, "Expand here");
    var pin = el("button", {type: "button", id: "panel-pin"}, pinLabel);
    var hide = el("button", {type: "button", id: "panel-hide"}, "Hide");
    var body = el("div", {className: "panel-body"}, el("p", {className: "muted"}, "loading…"));
    dom.append(box, [close, el("h3", {}, node.title || node.label || node.id),
      el("p", {className: "muted"}, palette.tooltipText(node, []).split("\n")[1]),
      el("div", {className: "panel-actions"},
        el("a", {href: dom.pageUrl(node.type, node.id), className: "button",
          id: "panel-open"}, "Open page"), expand, pin, hide), body]);
    expand.addEventListener("click", function () {
      expand.disabled = true;
      map.expand(node.id).then(function () { expand.textContent = "Expanded"; },
        function (error) { expand.textContent = "Expand failed: " + error.message; });
    });
    pin.addEventListener("click", function () {
      pin.textContent = map.pin(node.id) ? "Unpin" : "Pin";
    });
    hide.addEventListener("click", function () { map.hide(node.id); box.hidden = true; });
    root.RGE.trail.visit({id: node.id, type: node.type, label: node.label});
    dom.getJSON("/api/nodes/" + dom.idPath(node.id)).then(function (d) {
      dom.clear(body);
      details(body, d);
    }, function (error) {
      dom.clear(body);
      body.appendChild(el("p", {className: "error"}, error.message));
    });
  }

  root.RGE.panel = {show: show};
})(window);
