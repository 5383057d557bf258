/* The entry module of the entity pages (paper, person, topic, institution): starts the side
 * panel, the research map, its keyboard use and the adjacent-work lists, and wires them
 * together. The map and the panel do not import each other: the map is given the panel's
 * show() to call on a click, the panel, the keys and the adjacent-work lists are given the
 * map's actions. */
import * as adjacent from "./adjacent.js";
import * as map from "./map.js";
import * as mapkeys from "./mapkeys.js";
import * as panel from "./panel.js";

map.start({onSelect: panel.show});
panel.start(map);
mapkeys.start(map);
adjacent.start({addToMap: map.add});
