// Read a bibliography with citation-js and print its items as CSL-JSON.
// Usage: node read_citations.js FILE FORMAT   (FORMAT: bibtex, ris or csljson)
"use strict";
const fs = require("fs");
const Cite = require("citation-js");

const forced = { bibtex: "@bibtex/text", ris: "@ris/file", csljson: "@csl/list+object" };
const [file, format] = process.argv.slice(2);
let data = fs.readFileSync(file, "utf8");
if (format === "csljson") { data = JSON.parse(data); }
const cite = new Cite(data, { forceType: forced[format] });
process.stdout.write(JSON.stringify(cite.data));
