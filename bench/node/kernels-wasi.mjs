// Runs a WASI preview1 command (tests/fixtures/bench/kernels-wasi.wasm) through node:wasi with Node's default
// compilation, as one whole program: the peer of `pluginhost wasm run` in the kernels whole-program benchmark
// (bench/PluginHost.Bench `kernels-process`). The guest's stdout and stderr pass through; the exit code is the guest's.
//
// Usage: node bench/node/kernels-wasi.mjs FILE.wasm [ARGS...]
import fs from 'node:fs';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node kernels-wasi.mjs FILE.wasm [ARGS...]');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(fs.readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
