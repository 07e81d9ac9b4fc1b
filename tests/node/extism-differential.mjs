// Differential peer for tests/Plugins.Tests/Extism/Real/DifferentialTests.cs: runs each case of SPEC.json on
// Extism's JS runtime (@extism/extism) and prints {results: [{name, outputs: [{ok, text} | {ok: false, error}]}]}.
// A case: {name, wasm, function, inputs: [string], config, allowedPaths: {guest: host}, host: "identity" | "proto" | null};
// its inputs are called in order on one plugin (state such as globals carries over, as in Extism's tests).
//
// Usage: node tests/node/extism-differential.mjs SPEC.json
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const loaded = await import(require.resolve('@extism/extism'));
const createPlugin = loaded.createPlugin ?? loaded.default.createPlugin;
const decoder = new TextDecoder();

const identity = (cx, offset) => cx.store(cx.read(offset).bytes());
const hosts = {
  identity: { hello_world: identity, host_reflect: identity },
  // proto's host functions as the moon plugins import them; the calls under test use none but get_env_var.
  proto: {
    exec_command(cx, offset) { throw new Error(`exec_command is not part of the differential: ${cx.read(offset).text()}`); },
    send_request(cx, offset) { throw new Error(`send_request is not part of the differential: ${cx.read(offset).text()}`); },
    get_env_var() { return 0n; },
    set_env_var() {},
    host_log() {},
    from_virtual_path(cx, offset) { return cx.store(cx.read(offset).text()); },
    to_virtual_path(cx, offset) { return cx.store(JSON.stringify(cx.read(offset).text())); },
  },
};

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const c of spec.cases) {
  const outputs = [];
  let plugin;
  try {
    plugin = await createPlugin({ wasm: [{ data: fs.readFileSync(c.wasm) }] }, {
      useWasi: true,
      runInWorker: false,
      enableWasiOutput: false,
      config: c.config ?? {},
      allowedPaths: c.allowedPaths ?? {},
      // @extism/extism 1.0.3 predates the kernel's get_log_level and log_trace, which newer PDKs import: logging off.
      functions: { 'extism:host/user': hosts[c.host] ?? {}, 'extism:host/env': { get_log_level: () => 2147483647, log_trace: () => {} } },
      logger: { info() {}, debug() {}, warn() {}, error() {}, trace() {}, log() {} },
    });
  } catch (e) {
    results.push({ name: c.name, outputs: c.inputs.map(() => ({ ok: false, error: `load: ${e.message}` })) });
    continue;
  }
  for (const input of c.inputs) {
    try {
      const out = await plugin.call(c.function, input);
      outputs.push({ ok: true, text: out === null ? '' : decoder.decode(out.bytes()) });
    } catch (e) {
      outputs.push({ ok: false, error: String(e.message ?? e) });
    }
  }
  await plugin.close();
  results.push({ name: c.name, outputs });
}
console.log(JSON.stringify({ results }));
