// Times tests/fixtures/wasi/hashfile.wasm under Node's node:wasi (WASI preview1) on a file, for
// the side-by-side with PluginHost's WASI host. Prints one JSON line:
//   {kind:"wasi-hash", file, bytes, sha256, ms, minMs, runs, compileMs, engine}
// ms is the median wall time of instantiate + run (compile excluded, reported as compileMs).
// Usage: node bench/node/wasi-hash.mjs FILE [--runs N] [--warmup N] [--wasm PATH]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { fileURLToPath } from 'node:url';

process.removeAllListeners('warning'); // node:wasi is "experimental": keep stderr clean
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let wasmPath = path.join(repo, 'tests/fixtures/wasi/hashfile.wasm');
let runs = 5;
let warmup = 1;
let file = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => argv[++i] ?? fail(`${a} needs a value`);
  if (a === '--runs') runs = Math.max(1, Number(next()));
  else if (a === '--warmup') warmup = Math.max(0, Number(next()));
  else if (a === '--wasm') wasmPath = path.resolve(next());
  else if (a.startsWith('--')) fail(`unknown option ${a}`);
  else file = path.resolve(a);
}
if (!file) fail('usage: node bench/node/wasi-hash.mjs FILE [--runs N] [--warmup N] [--wasm PATH]');
if (!fs.existsSync(file)) fail(`file not found: ${file}`);

function fail(msg) {
  console.error(`wasi-hash.mjs: ${msg}`);
  process.exit(2);
}

const t0 = performance.now();
const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
const compileMs = performance.now() - t0;

// One run: preopen the file's folder as /input, send the program's stdout to a temp file.
const outPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-hash-')), 'stdout');
async function runOnce() {
  const out = fs.openSync(outPath, 'w');
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: ['hashfile', `/input/${path.basename(file)}`],
      env: {},
      preopens: { '/input': path.dirname(file) },
      stdout: out,
      returnOnExit: true,
    });
    const start = performance.now();
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    const code = wasi.start(instance);
    const ms = performance.now() - start;
    if (code !== 0) fail(`hashfile exited with ${code}`);
    return ms;
  } finally {
    fs.closeSync(out);
  }
}

for (let i = 0; i < warmup; i++) await runOnce();
const times = [];
for (let i = 0; i < runs; i++) times.push(await runOnce());
const output = fs.readFileSync(outPath, 'utf8');
fs.rmSync(path.dirname(outPath), { recursive: true, force: true });
const sha256 = /sha256 ([0-9a-f]{64})/.exec(output)?.[1] ?? fail(`unexpected output: ${output}`);
const sorted = [...times].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
const round = (x) => Math.round(x * 1000) / 1000;
process.stdout.write(JSON.stringify({
  kind: 'wasi-hash',
  file: path.basename(file),
  bytes: fs.statSync(file).size,
  sha256,
  ms: round(median),
  minMs: round(sorted[0]),
  runs,
  compileMs: round(compileMs),
  engine: `v8 ${process.versions.v8}`,
}) + '\n');
