// Times the compute kernels of tests/fixtures/bench/kernels.wasm in Node's V8, for the
// side-by-side with PluginHost's engine (bench/PluginHost.Bench `kernels`).
// Prints JSON lines: one {kind:"compile", mode,...} per compiled file and one
// {kind:"compile-total", mode,...} per mode, then one {kind:"kernel", kernel, n, checksum, ms,
// minMs, runs} per kernel (ms = median). Compile modes: "eager" compiles every function with
// Liftoff, V8's baseline compiler (--no-wasm-lazy-compilation); "lazy" is Node 20's default, where
// WebAssembly.compile mostly decodes and validates and functions compile on first call.
//
// Usage: node bench/node/kernels.mjs [--wasm PATH] [--runs N] [--warmup N]
//          [--kernels hash,fib] [--n hash=16,fib=30] [--compile-runs N] [--compile PATH]...
import fs from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const opts = {
  wasm: path.join(repo, 'tests/fixtures/bench/kernels.wasm'),
  expected: path.join(repo, 'tests/fixtures/bench/expected.json'),
  runs: 7,
  warmup: 3,
  compileRuns: 5,
  kernels: null,
  n: {},
  compile: [],
};

function fail(msg) {
  console.error(`kernels.mjs: ${msg}`);
  process.exit(2);
}

const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => (i + 1 < argv.length ? argv[++i] : fail(`${a} needs a value`));
  const int = (name) => {
    const v = Number(val());
    if (!Number.isInteger(v) || v < 0) fail(`${name} must be a non-negative integer`);
    return v;
  };
  switch (a) {
    case '--wasm': opts.wasm = path.resolve(val()); break;
    case '--expected': opts.expected = path.resolve(val()); break;
    case '--runs': opts.runs = Math.max(1, int('--runs')); break;
    case '--warmup': opts.warmup = int('--warmup'); break;
    case '--compile-runs': opts.compileRuns = Math.max(1, int('--compile-runs')); break;
    case '--kernels': opts.kernels = val().split(',').filter(Boolean); break;
    case '--compile': opts.compile.push(path.resolve(val())); break;
    case '--n':
      for (const pair of val().split(',').filter(Boolean)) {
        const [k, v] = pair.split('=');
        const n = Number(v);
        if (!k || !Number.isInteger(n)) fail(`--n expects KERNEL=N pairs, got '${pair}'`);
        opts.n[k] = n;
      }
      break;
    default: fail(`unknown argument '${a}'`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 1000) / 1000;
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

// A trailing custom section with a unique name makes every compile see new bytes, so V8's
// per-process module cache cannot answer from an earlier compile.
function withNonce(bytes, i) {
  const name = Buffer.from(`bench-nonce-${i}-${process.pid}`);
  const payload = Buffer.concat([Buffer.from([name.length]), name]);
  return Buffer.concat([bytes, Buffer.from([0, payload.length]), payload]);
}

async function timeCompile(file) {
  const bytes = fs.readFileSync(file);
  await WebAssembly.compile(withNonce(bytes, -1)); // warm the compiler itself
  const times = [];
  for (let i = 0; i < opts.compileRuns; i++) {
    const b = withNonce(bytes, i);
    const t0 = performance.now();
    await WebAssembly.compile(b);
    times.push(performance.now() - t0);
  }
  return { bytes: bytes.length, ms: median(times) };
}

const expected = fs.existsSync(opts.expected) ? JSON.parse(fs.readFileSync(opts.expected, 'utf8')) : { bench: {} };
const wasmBytes = fs.readFileSync(opts.wasm);

for (const mode of ['eager', 'lazy']) {
  v8.setFlagsFromString(mode === 'eager' ? '--no-wasm-lazy-compilation' : '--wasm-lazy-compilation');
  let totalBytes = 0;
  let totalMs = 0;
  for (const file of [opts.wasm, ...opts.compile]) {
    const c = await timeCompile(file);
    totalBytes += c.bytes;
    totalMs += c.ms;
    emit({ kind: 'compile', mode, file: path.basename(file), bytes: c.bytes, ms: round(c.ms), msPerMB: round(c.ms / (c.bytes / 1048576)) });
  }
  emit({ kind: 'compile-total', mode, engine: `v8 ${process.versions.v8}`, bytes: totalBytes, ms: round(totalMs), msPerMB: round(totalMs / (totalBytes / 1048576)) });
}
v8.setFlagsFromString('--wasm-lazy-compilation'); // kernels run with Node's defaults

const { instance } = await WebAssembly.instantiate(wasmBytes);
const names = opts.kernels ?? Object.keys(instance.exports).filter((e) => e.startsWith('run_')).map((e) => e.slice(4));
for (const kernel of names) {
  const fn = instance.exports[`run_${kernel}`];
  if (typeof fn !== 'function') fail(`${opts.wasm} has no export run_${kernel}`);
  const n = opts.n[kernel] ?? expected.bench[kernel];
  if (n === undefined) fail(`no n for kernel '${kernel}' (pass --n ${kernel}=N)`);
  let checksum = 0;
  for (let i = 0; i < opts.warmup; i++) checksum = fn(n);
  const times = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    const r = fn(n);
    times.push(performance.now() - t0);
    if (i > 0 || opts.warmup > 0) {
      if (r !== checksum) fail(`run_${kernel}(${n}) is not deterministic: ${r} then ${checksum}`);
    }
    checksum = r;
  }
  emit({ kind: 'kernel', kernel, n, checksum, ms: round(median(times)), minMs: round(Math.min(...times)), runs: opts.runs });
}
