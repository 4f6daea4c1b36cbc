#!/usr/bin/env node
// Compiles TestCollectible.sol with the repository's pinned solc-js and OpenZeppelin into
// TestCollectible.json as {"abi": [...], "bytecode": "0x..."}, with contracts/build.js's settings.
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require("solc");

const HERE = __dirname;
const NODE_MODULES = path.resolve(HERE, "..", "..", "..", "..", "node_modules");

const input = {
  language: "Solidity",
  sources: { "TestCollectible.sol": { content: fs.readFileSync(path.join(HERE, "TestCollectible.sol"), "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
const findImports = (unit) => {
  const file = path.join(NODE_MODULES, unit);
  return fs.existsSync(file) ? { contents: fs.readFileSync(file, "utf8") } : { error: `not found: ${unit}` };
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === "error");
if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
const compiled = output.contracts["TestCollectible.sol"].TestCollectible;
const artifact = { abi: compiled.abi, bytecode: "0x" + compiled.evm.bytecode.object };
fs.writeFileSync(path.join(HERE, "TestCollectible.json"), JSON.stringify(artifact, null, 2) + "\n");
console.log(path.join(HERE, "TestCollectible.json"));
