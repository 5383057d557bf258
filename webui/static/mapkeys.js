/* The research map by keyboard. The canvas takes focus (Tab, or the skip link); N or ]
 * selects the next node in rank order, P or [ the previous one, Home the focus of the map;
 * the selection is drawn on the map, its row marked in the list view and its name said in
 * a polite live region; Enter opens the selected node's panel and moves focus into it.
 * vis-network's own keys still move the view (arrows) and zoom (+ and -). start() is given
 * map.js's actions (nodes, highlight, select, currentNetwork), handed over by page.js. */

function byRank(nodes) {
  return nodes.slice().sort(function (a, b) { return (a.rank || 0) - (b.rank || 0); });
}

function describe(n, i, count) {
  var parts = [n.label || n.id];
  if (n.title && n.title !== n.label) { parts.push(n.title); }
  if (n.year) { parts.push(String(n.year)); }
  return parts.join(", ") + " (" + n.type + ", " + (i + 1) + " of " + count + ")";
}

export function start(map) {
  var canvas = document.getElementById("map-canvas");
  var say = document.getElementById("map-keys-status");
  if (!canvas || !say) { return; }
  function current(nodes) {
    var network = map.currentNetwork();
    var id = network ? network.getSelectedNodes()[0] : null;
    for (var i = 0; i < nodes.length; i++) { if (nodes[i].id === id) { return i; } }
    return -1;
  }
  canvas.addEventListener("keydown", function (event) {
    if (event.target !== canvas || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var nodes = byRank(map.nodes()), key = event.key.toLowerCase();
    if (!nodes.length) { return; }
    var at = current(nodes), next = null;
    if (key === "n" || key === "]") { next = (at + 1) % nodes.length; }
    else if (key === "p" || key === "[") { next = at <= 0 ? nodes.length - 1 : at - 1; }
    else if (key === "home") { next = 0; }
    else if (key === "enter" || key === " ") {
      event.preventDefault();
      map.select(nodes[at < 0 ? 0 : at].id, true);
      return;
    }
    if (next === null) { return; }
    event.preventDefault();
    map.highlight(nodes[next].id);
    say.textContent = describe(nodes[next], next, nodes.length);
  });
}
