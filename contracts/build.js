#!/usr/bin/env node
// Compiles contracts/src/*.sol with the pinned solc-js and writes contracts/build/<Name>.json as
// {"abi": [...], "bytecode": "0x..."}. Same sources and package-lock.json give byte-identical files.
//
// Usage: node contracts/build.js [--out DIR]   (prints each written file, one per line)
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require("solc");

const REPO_ROOT = path.resolve(__dirname, "..");
const SOURCE_DIR = path.join(__dirname, "src");
const DEFAULT_OUT_DIR = path.join(__dirname, "build");

// Pinned rather than left to the compiler's default, so an upgrade of solc cannot quietly emit opcodes
// that the public testnets we target do not run yet.
const EVM_VERSION = "cancun";

function parseOutDir(argv) {
  const i = argv.indexOf("--out");
  if (i === -1) return DEFAULT_OUT_DIR;
  if (i + 1 >= argv.length) throw new Error("--out needs a directory");
  return path.resolve(argv[i + 1]);
}

// Source unit names are repo-relative so that absolute paths never reach the metadata hash that solc
// appends to the bytecode; a checkout anywhere compiles to the same bytes.
function readSources() {
  const sources = {};
  for (const file of fs.readdirSync(SOURCE_DIR).filter((f) => f.endsWith(".sol")).sort()) {
    const unit = path.posix.join("contracts", "src", file);
    sources[unit] = { content: fs.readFileSync(path.join(SOURCE_DIR, file), "utf8") };
  }
  return sources;
}

function findImports(unit) {
  const candidate = path.join(REPO_ROOT, "node_modules", unit);
  if (!candidate.startsWith(path.join(REPO_ROOT, "node_modules") + path.sep) || !fs.existsSync(candidate)) {
    return { error: `not found in node_modules: ${unit}` };
  }
  return { contents: fs.readFileSync(candidate, "utf8") };
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

function compile(sources) {
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: EVM_VERSION,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const problems = output.errors || [];
  for (const p of problems.filter((p) => p.severity !== "error")) process.stderr.write(p.formattedMessage);
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  }
  return output.contracts;
}

function main() {
  const outDir = parseOutDir(process.argv.slice(2));
  const sources = readSources();
  const contracts = compile(sources);
  fs.mkdirSync(outDir, { recursive: true });
  for (const unit of Object.keys(sources)) {
    for (const [name, compiled] of Object.entries(contracts[unit] || {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const bytecode = compiled.evm.bytecode.object;
      if (bytecode.length === 0) continue; // abstract contracts and interfaces deploy nothing
      const artifact = sortKeys({ abi: compiled.abi, bytecode: `0x${bytecode}` });
      const file = path.join(outDir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(artifact, null, 2) + "\n");
      process.stdout.write(file + "\n");
    }
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`contracts build failed: ${err.message}\n`);
  process.exit(1);
}
