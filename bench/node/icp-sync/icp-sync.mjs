// Node peer of `PluginHost.Bench icp-sync`: runs a sync plugin transpiled by `jco transpile --instantiation async`
// and prints JSON lines: cold (first compile + instantiate in this process), warm (instantiate from the compiled core
// modules, N times) and calls per second of exec (mode from --mode) on one instance. canister-call answers at once.
// usage: node icp-sync.mjs --out DIR [--warm N] [--calls M] [--mode call-host]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli, clocks, filesystem, http, io, random } from '@bytecodealliance/preview2-shim';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const out = args.out;
const warmRuns = Number(args.warm ?? 20);
const calls = Number(args.calls ?? 2000);
const mode = args.mode ?? 'call-host';

let callCount = 0;
const reply = new TextEncoder().encode('hello from the host');
const imports = {
  'canister-call': { default: (_req) => { callCount++; return reply; } },
  'icp:sync-plugin/types': {},
  'wasi:cli/stderr': cli.stderr,
  'wasi:cli/stdin': cli.stdin,
  'wasi:cli/stdout': cli.stdout,
  'wasi:cli/terminal-input': cli.terminalInput,
  'wasi:cli/terminal-output': cli.terminalOutput,
  'wasi:cli/terminal-stderr': cli.terminalStderr,
  'wasi:cli/terminal-stdin': cli.terminalStdin,
  'wasi:cli/terminal-stdout': cli.terminalStdout,
  'wasi:clocks/monotonic-clock': clocks.monotonicClock,
  'wasi:clocks/wall-clock': clocks.wallClock,
  'wasi:filesystem/preopens': filesystem.preopens,
  'wasi:filesystem/types': filesystem.types,
  'wasi:http/outgoing-handler': http.outgoingHandler,
  'wasi:http/types': http.types,
  'wasi:io/error': io.error,
  'wasi:io/poll': io.poll,
  'wasi:io/streams': io.streams,
  'wasi:random/random': random.random,
};
const input = {
  canisterId: 'bkyz2-fmaaa-aaaaa-qaaaq-cai', environment: 'local', dirs: [], files: [{ name: 'mode', content: mode }],
  identityPrincipal: '2vxsx-fae', proxyCanisterId: undefined, canisterIds: [],
};

const { instantiate } = await import(pathToFileURL(join(out, 'plugin.js')).href);
const compiled = new Map();
const getCoreModule = async (name) => {
  if (!compiled.has(name)) compiled.set(name, await WebAssembly.compile(await readFile(join(out, name))));
  return compiled.get(name);
};

let t = performance.now();
const first = await instantiate(getCoreModule, imports);
const coldMs = performance.now() - t;
t = performance.now();
first.exec(input);
const firstExecMs = performance.now() - t;
console.log(JSON.stringify({ kind: 'cold', ms: coldMs, firstExecMs }));

const warm = [];
for (let i = 0; i < warmRuns; i++) {
  t = performance.now();
  await instantiate(getCoreModule, imports);
  warm.push(performance.now() - t);
}
console.log(JSON.stringify({ kind: 'warm', ms: warm }));

const instance = await instantiate(getCoreModule, imports);
for (let i = 0; i < Math.min(200, calls); i++) instance.exec(input);   // warm-up (V8 tier-up)
callCount = 0;
t = performance.now();
for (let i = 0; i < calls; i++) instance.exec(input);
const secs = (performance.now() - t) / 1000;
if (callCount !== calls && mode === 'call-host') throw new Error(`expected ${calls} canister calls, saw ${callCount}`);
console.log(JSON.stringify({ kind: 'calls', execs: calls, perSecond: calls / secs }));
