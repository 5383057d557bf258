/* vis-network, the one global the page scripts read: it is loaded as a classic script (from
 * the installed pyvis package, or inlined in the HTML export) before any module runs, and
 * defines window.vis. Both are undefined on a page without it. */
var vis = window.vis || {};

export var Network = vis.Network;
export var DataSet = vis.DataSet;
