/* The research map's state in the page's URL and in its controls: read from
 * the query string, written back to it (and to the export links), taken from
 * the form and put into it; used by map.js. */
import * as dom from "./dom.js";

var LIST_KEYS = ["expand", "add", "pin", "hide"];
var ALL_TYPES = ["Paper", "Person", "Topic", "Institution"];

/* The node types a map of this kind shows when the URL names none: a map of
 * related papers shows papers (people, topics and institutions are overlays; an
 * institution's map adds its people); a map of links shows every type. */
export function defaultTypes(kind) {
  var entity = document.getElementById("entity");
  if (kind === "links") { return ALL_TYPES; }
  // an institution's map shows its papers and its people (as the server does)
  return entity && entity.dataset.type === "Institution" ? ["Paper", "Person"] : ["Paper"];
}

export function read() {
  var q = new URLSearchParams(location.search);
  var s = {kind: q.get("kind") === "links" ? "links" : "related", depth: q.get("depth") || "1", types: q.get("types") || "",
    years: q.get("years") || "", limit: q.get("limit") || "300",
    undated: q.get("undated") === "keep", colour: q.get("colour") || "year",
    size: q.get("size") !== "off", layout: q.get("layout") === "timeline" ? "timeline" :
      "structure", labels: q.get("labels") || "more", stubs: q.get("stubs") === "show",
    community: q.get("community") || "", mode: q.get("mode") === "list" ? "list" : "map"};
  LIST_KEYS.forEach(function (k) { s[k] = (q.get(k) || "").split(",").filter(Boolean); });
  return s;
}

export function viewQuery(s) {
  var q = new URLSearchParams({depth: s.depth, limit: s.limit});
  if (s.kind === "links") { q.set("kind", "links"); }
  if (s.types) { q.set("types", s.types); }
  if (s.years) { q.set("years", s.years); }
  if (s.years && s.undated) { q.set("undated", "keep"); }
  return q;
}

export function write(state, centreId) {
  var q = viewQuery(state);
  if (state.colour !== "year") { q.set("colour", state.colour); }
  if (!state.size) { q.set("size", "off"); }
  if (state.layout !== "structure") { q.set("layout", state.layout); }
  if (state.labels !== "more") { q.set("labels", state.labels); }
  if (state.stubs) { q.set("stubs", "show"); }
  if (state.community) { q.set("community", state.community); }
  if (state.mode !== "map") { q.set("mode", state.mode); }
  LIST_KEYS.forEach(function (k) { if (state[k].length) { q.set(k, state[k].join(",")); } });
  history.replaceState(null, "", location.pathname + "?" + q.toString());
  // an export is the view on screen: its link carries the whole state (the server applies
  // it as map.js does), all but the map/list mode
  q.delete("mode");
  var exportQuery = q.toString();
  document.querySelectorAll("a[data-export]").forEach(function (a) {
    a.href = "/export/" + dom.idPath(centreId) + "." + a.dataset.export + "?" +
      exportQuery;
  });
}

export function fromControls(f, state) {
  var types = Array.prototype.filter.call(f.querySelectorAll("input[name=type]"),
    function (box) { return box.checked; }).map(function (box) { return box.value; });
  var kind = f.elements.kind.value === "links" ? "links" : "related";
  var from = f.elements.year_from.value.trim(), to = f.elements.year_to.value.trim();
  return Object.assign({}, state, {
    kind: kind, depth: f.elements.depth.value, limit: f.elements.limit.value || "300",
    types: types.join(",") === defaultTypes(kind).join(",") ? "" : types.join(","), years: from || to ? from + ":" + to : "",
    undated: f.elements.undated.checked, colour: f.elements.colour.value,
    size: f.elements.size.checked, layout: f.elements.layout.value,
    labels: f.elements.labels.value, stubs: f.elements.stubs.checked});
}

export function toControls(f, state) {
  ["kind", "depth", "limit", "colour", "layout", "labels"].forEach(function (k) {
    f.elements[k].value = state[k];
  });
  f.elements.size.checked = state.size;
  f.elements.stubs.checked = state.stubs;
  f.elements.undated.checked = state.undated;
  var types = state.types ? state.types.split(",") : defaultTypes(state.kind);
  f.querySelectorAll("input[name=type]").forEach(function (box) {
    box.checked = types.indexOf(box.value) >= 0;
  });
  var years = state.years.split(":");
  f.elements.year_from.value = years[0] || "";
  f.elements.year_to.value = years[1] || "";
}
