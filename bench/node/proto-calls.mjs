// The peer of bench/PluginHost.Bench `proto-calls`: runs a real proto plugin on Extism's JS runtime
// (@extism/extism, installed in tests/node) with the config, allowed paths and inputs the C# side
// wrote to SPEC.json, and prints one JSON object: the outputs and the timings in microseconds.
//
// Usage: node bench/node/proto-calls.mjs SPEC.json
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(repo, 'tests', 'node', 'package.json'));
const loaded = await import(require.resolve('@extism/extism'));
const createPlugin = loaded.createPlugin ?? loaded.default.createPlugin;

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const bytes = fs.readFileSync(spec.wasm);
const decoder = new TextDecoder();

// proto's host functions as these plugins import them; register_tool and download_prebuilt call none of them,
// so each one here only answers the way proto's does (JSON in, JSON out).
const user = {
  exec_command(cx, offset) { throw new Error(`exec_command not available in the bench: ${cx.read(offset).text()}`); },
  send_request(cx, offset) { throw new Error(`send_request not available in the bench: ${cx.read(offset).text()}`); },
  get_env_var(cx, offset) {
    const value = process.env[cx.read(offset).text()];
    return value === undefined ? 0n : cx.store(value);
  },
  set_env_var() {},
  host_log() {},
  from_virtual_path(cx, offset) { return cx.store(cx.read(offset).text()); },
  to_virtual_path(cx, offset) { return cx.store(JSON.stringify(cx.read(offset).text())); },
};

const options = {
  useWasi: true,
  runInWorker: false,
  enableWasiOutput: false,
  config: spec.config,
  allowedPaths: Object.fromEntries(Object.entries(spec.allowedPaths).map(([real, virt]) => [virt, real])),
  // @extism/extism 1.0.3 predates the kernel's get_log_level and log_trace (the plugins' PDK imports them): logging off.
  functions: { 'extism:host/user': user, 'extism:host/env': { get_log_level: () => 2147483647, log_trace: () => {} } },
  logger: { info() {}, debug() {}, warn() {}, error() {}, trace() {}, log() {} },
};

const now = () => performance.now() * 1000;
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let t = now();
const module = await WebAssembly.compile(bytes);
const compileUs = now() - t;

t = now();
const plugin = await createPlugin({ wasm: [{ module }] }, options);
const outputs = {};
for (const [i, f] of Object.keys(spec.inputs).entries()) {
  const out = await plugin.call(f, spec.inputs[f]);
  outputs[f] = out === null ? '' : decoder.decode(out.bytes());
  if (i === 0) var firstUs = now() - t;
}

const medianUs = {};
for (const f of Object.keys(spec.inputs)) {
  const xs = [];
  for (let i = 0; i < spec.calls; i++) {
    const s = now();
    await plugin.call(f, spec.inputs[f]);
    xs.push(now() - s);
  }
  medianUs[f] = median(xs);
}
await plugin.close();

const first = Object.keys(spec.inputs)[0];
const fresh = [];
for (let i = 0; i < spec.fresh; i++) {
  const s = now();
  const p = await createPlugin({ wasm: [{ module }] }, options);
  await p.call(first, spec.inputs[first]);
  await p.close();
  fresh.push(now() - s);
}

console.log(JSON.stringify({ outputs, compileUs, firstUs, medianUs, freshUs: median(fresh) }));
