// Benchmark peer for `PluginHost.Bench icp-gateway`: update calls through @dfinity/agent (HttpAgent + Actor, v3 sync
// call with certificate verification, read_state fallback) against the same test replica the C# agent calls.
//   node agent-bench.mjs URL CANISTER CALLS CONCURRENCY   -> prints {"seconds": S, "latenciesMs": [...]}
import { Actor, HttpAgent } from '@dfinity/agent';
import { IDL } from '@dfinity/candid';
import { Ed25519KeyIdentity } from '@dfinity/identity';

const [url, canisterId, callsText, concText] = process.argv.slice(2);
const calls = Number(callsText);
const concurrency = Number(concText);
const agent = await HttpAgent.create({ host: url, identity: Ed25519KeyIdentity.generate(), shouldFetchRootKey: true, verifyQuerySignatures: false });
const idl = ({ IDL }) => IDL.Service({ echo: IDL.Func([IDL.Vec(IDL.Nat8)], [IDL.Vec(IDL.Nat8)], []) });
const actor = Actor.createActor(idl, { agent, canisterId });
const arg = new Uint8Array([1, 2, 3, 4]);
for (let i = 0; i < 3; i++) await actor.echo(arg); // warm-up
const latencies = [];
let next = 0;
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next++ < calls) {
    const t = performance.now();
    const reply = await actor.echo(arg);
    if (reply.length !== 4) throw new Error('bad echo');
    latencies.push(performance.now() - t);
  }
}));
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, latenciesMs: latencies }));
