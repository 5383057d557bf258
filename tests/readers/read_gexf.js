// Read a GEXF file with graphology-gexf and print it as JSON:
// {"type", "multi", "nodes": [{"key", "attributes"}], "edges": [{"key", "source", "target", "attributes"}]}
"use strict";
const fs = require("fs");
const { MultiGraph } = require("graphology");
const gexf = require("graphology-gexf");

const graph = gexf.parse(MultiGraph, fs.readFileSync(process.argv[2], "utf8"));
const out = { type: graph.type, multi: graph.multi, attributes: graph.getAttributes(),
  nodes: [], edges: [] };
graph.forEachNode((key, attributes) => out.nodes.push({ key, attributes }));
graph.forEachEdge((key, attributes, source, target, _s, _t, undirected) =>
  out.edges.push({ key, source, target, undirected, attributes }));
process.stdout.write(JSON.stringify(out));
