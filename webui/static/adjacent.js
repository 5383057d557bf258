/* Adjacent work: ranked suggestions with their evidence, each with "add to map". */
(function (root) {
  "use strict";
  var dom = root.RGE.dom, el = dom.el;

  function item(s) {
    var add = el("button", {type: "button", className: "add-to-map", dataset: {id: s.id}},
      "add to map");
    add.addEventListener("click", function () {
      add.disabled = true;
      add.textContent = "adding…";
      root.RGE.map.add(s.id).then(function () { add.textContent = "on the map"; },
        function (error) { add.disabled = false; add.textContent = "failed: " + error.message; });
    });
    var type = s.type || "Paper";
    return el("li", {className: "suggestion"},
      el("a", {href: dom.pageUrl(type, s.id), className: "suggestion-title"},
        s.title || s.name || s.id),
      s.year ? el("span", {className: "muted"}, " (" + s.year + ")") : null,
      el("span", {className: "score", title: "score"}, " " + Number(s.score).toFixed(2)),
      el("ul", {className: "explanation"}, (s.explanation || []).map(function (line) {
        return el("li", {}, line);
      })), add);
  }

  function init() {
    var box = document.getElementById("adjacent");
    if (!box) { return; }
    var listNode = document.getElementById("suggestions");
    var note = document.getElementById("suggestions-status");
    dom.getJSON("/api/suggestions/" + dom.idPath(box.dataset.id) + "?k=15").then(function (data) {
      dom.clear(note);
      if (!data.suggestions.length) {
        note.appendChild(document.createTextNode("No suggestions yet: this node has no " +
          "neighbours to compare with."));
      }
      data.suggestions.forEach(function (s) { listNode.appendChild(item(s)); });
      box.dataset.state = "loaded";
    }, function (error) {
      dom.clear(note);
      note.appendChild(document.createTextNode("cannot load suggestions: " + error.message));
      box.dataset.state = "error";
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})(window);
