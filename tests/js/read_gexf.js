// Reads a GEXF file with graphology-gexf, the parser Gephi Lite uses, and prints its size.
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const graph = gexf.parse(Graph, fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify({nodes: graph.order, edges: graph.size}));
