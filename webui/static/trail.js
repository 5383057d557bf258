/* The trail: the last places visited in this tab (sessionStorage), as links; titles keep
 * their allow-listed formatting (dom.formatted), never raw tags or live HTML. */
import * as dom from "./dom.js";

var KEY = "rge-trail", MAX = 12;

export function load() {
  try { return JSON.parse(sessionStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
}

export function visit(item) {
  var trail = load().filter(function (t) { return t.id !== item.id; });
  var label = String(item.label || item.id);  /* a cut never leaves half a tag behind */
  label = label.length > 300 ? label.slice(0, 300).replace(/<[^<>]*$/, "") + "…" : label;
  trail.push({id: item.id, type: item.type, label: label});
  trail = trail.slice(-MAX);
  try { sessionStorage.setItem(KEY, JSON.stringify(trail)); } catch (e) { /* private mode */ }
  render(trail);
}

function render(trail) {
  var nav = document.getElementById("trail");
  if (!nav) { return; }
  dom.clear(nav);
  if (!trail.length) { return; }
  nav.appendChild(dom.el("span", {className: "trail-title"}, "Trail:"));
  trail.forEach(function (t, i) {
    if (i) { nav.appendChild(dom.el("span", {className: "trail-sep"}, "›")); }
    nav.appendChild(dom.el("a", {href: dom.pageUrl(t.type, t.id), className: "trail-item",
      title: t.type + ": " + dom.plain(t.label)}, dom.formatted(t.label)));
  });
}

/* Show the trail; on an entity page, with that page added to it. */
export function start() {
  var page = document.getElementById("entity");
  if (page) {
    visit({id: page.dataset.id, type: page.dataset.type, label: page.dataset.label});
  } else {
    render(load());
  }
}
