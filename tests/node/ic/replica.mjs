// A test replica for the C# agent, on the npm IC libraries: decodes envelopes (@dfinity/agent Cbor), recomputes request
// ids (requestIdOf), checks sender principals and signatures (Ed25519 / secp256k1 via @noble/curves), answers with
// certificates signed by a throwaway BLS12-381 root key it serves at /api/v2/status.
//   node replica.mjs [--port N] [--v2-only] [--fail-first N] [--root-key-seed HEX] [--delegated [--delegated-range LOHEX:HIHEX]]
// --delegated: certificates are signed by a subnet key, with a delegation certificate (root-signed /subnet/<id>/public_key
// and canister_ranges, default 00000000000000000101..00000000000fffff0101).
// Prints `listening PORT` on stdout. Methods: `reject` rejects (code 4), `slow` answers after one poll (202 first),
// `tampered` gets a certificate whose reply was changed after signing, `stale` a certificate 10 minutes old,
// `whoami` replies with the sender's principal bytes, anything else echoes its argument.
// Query replies carry a node signature (Ed25519 over \x0Bic-response + requestIdOf(reply fields)) by the subnet's one
// node, whose key read_state of the path `subnet` serves (/subnet/<id>/node/<node>/public_key, canister_ranges); the
// queries `unsigned`, `badsig` and `stranger` get no signature, a signature over other bytes, and one by a node
// outside the subnet.
// GET /calls lists every update call received (request id hex, method, canister, sender) as JSON.
import http from 'node:http';
import { Cbor, requestIdOf } from '@dfinity/agent';
import { Principal } from '@dfinity/principal';
import { bls12_381 as bls } from '@noble/curves/bls12-381';
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import { sha256 } from '@noble/hashes/sha256';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i < 0 ? dflt : args[i + 1]; };
const v2Only = args.includes('--v2-only');
let failFirst = Number(opt('--fail-first', '0'));
const sk = opt('--root-key-seed') ? Buffer.from(opt('--root-key-seed'), 'hex') : bls.utils.randomPrivateKey();
const BLS_DER_PREFIX = Buffer.from('308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100', 'hex');
const rootKey = Buffer.concat([BLS_DER_PREFIX, bls.getPublicKeyForShortSignatures(sk)]);
const delegated = args.includes('--delegated');
const subnetSk = bls.utils.randomPrivateKey();
const subnetId = new Uint8Array(Buffer.concat([Buffer.alloc(28, 7), Buffer.from([2])]));
const [rangeLo, rangeHi] = (opt('--delegated-range') ?? '00000000000000000101:00000000000fffff0101').split(':').map((h) => new Uint8Array(Buffer.from(h, 'hex')));
const ED_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const nodeSk = ed25519.utils.randomPrivateKey();
const strangerSk = ed25519.utils.randomPrivateKey();
const nodeId = new Uint8Array(Buffer.concat([Buffer.alloc(28, 9), Buffer.from([2])]));
const ownSubnetId = () => delegated ? subnetId : Principal.selfAuthenticating(new Uint8Array(rootKey)).toUint8Array();
const SECP_PREFIX = Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex');

const requests = new Map(); // request id hex -> { status, reply | rejectCode, rejectMessage, method, polls }
const calls = [];

const cat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const domain = (s) => cat([s.length], Buffer.from(s));
const leb = (n) => { n = BigInt(n); const out = []; do { let b = Number(n & 0x7fn); n >>= 7n; out.push(n ? b | 0x80 : b); } while (n); return Buffer.from(out); };
// Hash trees: [0] empty, [1, l, r] fork, [2, label, t] labeled, [3, v] leaf.
const digest = (t) => {
  switch (t[0]) {
    case 0: return sha256(domain('ic-hashtree-empty'));
    case 1: return sha256(cat(domain('ic-hashtree-fork'), digest(t[1]), digest(t[2])));
    case 2: return sha256(cat(domain('ic-hashtree-labeled'), t[1], digest(t[2])));
    case 3: return sha256(cat(domain('ic-hashtree-leaf'), t[1]));
  }
};
const forks = (ts) => ts.length === 1 ? ts[0] : [1, forks(ts.slice(0, ts.length >> 1)), forks(ts.slice(ts.length >> 1))];
const labeled = (entries) => forks(entries.sort((a, b) => Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0])))
  .map(([label, sub]) => [2, new Uint8Array(Buffer.from(label)), sub]));
const leaf = (v) => [3, new Uint8Array(Buffer.from(v))];

function certificate(ridHex) {
  const r = requests.get(ridHex);
  const fields = [['status', leaf(r.status)]];
  if (r.status === 'replied') fields.push(['reply', leaf(r.reply)]);
  if (r.status === 'rejected') fields.push(['reject_code', leaf(leb(r.rejectCode))], ['reject_message', leaf(r.rejectMessage)]);
  const nowNs = BigInt(Date.now() - (r.method === 'stale' ? 600_000 : 0)) * 1_000_000n;
  let tree = labeled([
    ['request_status', labeled([[Buffer.from(ridHex, 'hex'), labeled(fields)]])],
    ['time', leaf(leb(nowNs))],
  ]);
  const signature = bls.signShortSignature(cat(domain('ic-state-root'), digest(tree)), delegated ? subnetSk : sk);
  if (r.method === 'tampered' && r.status === 'replied') {
    r.reply = cat(r.reply, [0x21]);
    tree = labeled([
      ['request_status', labeled([[Buffer.from(ridHex, 'hex'), labeled([['status', leaf('replied')], ['reply', leaf(r.reply)]])]])],
      ['time', leaf(leb(nowNs))],
    ]);
  }
  if (!delegated) return new Uint8Array(Cbor.encode({ tree, signature: new Uint8Array(signature) }));
  return new Uint8Array(Cbor.encode({ tree, signature: new Uint8Array(signature), delegation: { subnet_id: subnetId, certificate: delegationCertificate() } }));
}

function delegationCertificate() {
  const subnetKey = Buffer.concat([BLS_DER_PREFIX, bls.getPublicKeyForShortSignatures(subnetSk)]);
  const tree = labeled([
    ['subnet', labeled([[Buffer.from(subnetId), labeled([['public_key', leaf(subnetKey)], ['canister_ranges', leaf(Cbor.encode([[rangeLo, rangeHi]]))]])]])],
    ['time', leaf(leb(BigInt(Date.now()) * 1_000_000n))],
  ]);
  const signature = bls.signShortSignature(cat(domain('ic-state-root'), digest(tree)), sk);
  return new Uint8Array(Cbor.encode({ tree, signature: new Uint8Array(signature) }));
}

// The read_state certificate for the path `subnet`: this subnet's canister ranges and node key.
function subnetCertificate() {
  const tree = labeled([
    ['subnet', labeled([[Buffer.from(ownSubnetId()), labeled([
      ['canister_ranges', leaf(Cbor.encode([[rangeLo, rangeHi]]))],
      ['node', labeled([[Buffer.from(nodeId), labeled([['public_key', leaf(cat(ED_PREFIX, ed25519.getPublicKey(nodeSk)))]])]])],
    ])]])],
    ['time', leaf(leb(BigInt(Date.now()) * 1_000_000n))],
  ]);
  const signature = new Uint8Array(bls.signShortSignature(cat(domain('ic-state-root'), digest(tree)), delegated ? subnetSk : sk));
  return new Uint8Array(Cbor.encode(delegated ? { tree, signature, delegation: { subnet_id: subnetId, certificate: delegationCertificate() } } : { tree, signature }));
}

// A query reply with the node signature the method asks for.
function signedQueryReply(r, requestId, method) {
  const timestamp = BigInt(Date.now()) * 1_000_000n;
  const fields = r.status === 'rejected'
    ? { status: 'rejected', reject_code: r.rejectCode, reject_message: r.rejectMessage, error_code: 'IC0406' }
    : { status: 'replied', reply: { arg: new Uint8Array(r.reply) } };
  if (method === 'unsigned') return fields;
  const hash = requestIdOf({ ...fields, timestamp, request_id: requestId });
  const message = cat(Buffer.from('\x0Bic-response', 'latin1'), method === 'badsig' ? sha256(hash) : hash);
  const signature = ed25519.sign(message, method === 'stranger' ? strangerSk : nodeSk);
  return { ...fields, signatures: [{ timestamp, signature, identity: nodeId }] };
}

function checkSender(env) {
  const sender = Principal.fromUint8Array(new Uint8Array(env.content.sender));
  if (!env.sender_pubkey) {
    if (!sender.isAnonymous()) throw new Error(`sender ${sender} sent no public key`);
    return sender;
  }
  const der = Buffer.from(env.sender_pubkey);
  if (!Principal.selfAuthenticating(new Uint8Array(der)).toUint8Array().every((b, i, a) => a.length === sender.toUint8Array().length && b === sender.toUint8Array()[i]))
    throw new Error(`sender ${sender} is not the principal of sender_pubkey`);
  const msg = cat(domain('ic-request'), requestIdOf(env.content));
  const sig = Buffer.from(env.sender_sig);
  let ok;
  if (der.subarray(0, ED_PREFIX.length).equals(ED_PREFIX)) ok = ed25519.verify(sig, msg, der.subarray(ED_PREFIX.length));
  else if (der.subarray(0, SECP_PREFIX.length).equals(SECP_PREFIX)) ok = secp256k1.verify(sig, sha256(msg), der.subarray(SECP_PREFIX.length), { lowS: true });
  else throw new Error('unknown sender_pubkey algorithm');
  if (!ok) throw new Error('sender_sig does not verify');
  return sender;
}

function execute(ridHex, content, sender) {
  const method = content.method_name;
  const arg = Buffer.from(content.arg);
  if (method === 'reject') return { status: 'rejected', rejectCode: 4, rejectMessage: `canister rejected ${arg.toString()}`, method };
  const reply = method === 'whoami' ? Buffer.from(sender.toUint8Array()) : arg;
  return { status: method === 'slow' ? 'processing' : 'replied', reply, method, polls: 0 };
}

const send = (res, code, body, type = 'application/cbor') => { res.writeHead(code, { 'content-type': type }); res.end(body); };

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      if (req.method === 'GET' && req.url === '/api/v2/status') return send(res, 200, Buffer.from(Cbor.encode({ root_key: new Uint8Array(rootKey), impl_version: 'test-replica' })));
      if (req.method === 'GET' && req.url === '/calls') return send(res, 200, JSON.stringify(calls), 'application/json');
      if (failFirst > 0) { failFirst--; return send(res, 503, 'busy', 'text/plain'); }
      const m = req.url.match(/^\/api\/(v2|v3)\/canister\/([a-z0-9-]+)\/(call|query|read_state)$/);
      if (!m || req.method !== 'POST') return send(res, 404, 'not found', 'text/plain');
      const [, version, canister, kind] = m;
      if (version === 'v3' && (kind !== 'call' || v2Only)) return send(res, 404, 'v3 not supported', 'text/plain');
      const env = Cbor.decode(new Uint8Array(Buffer.concat(chunks)));
      const sender = checkSender(env);
      const ridHex = Buffer.from(requestIdOf(env.content)).toString('hex');
      if (kind === 'query') {
        const r = execute(ridHex, env.content, sender);
        return send(res, 200, Buffer.from(Cbor.encode(signedQueryReply(r, requestIdOf(env.content), env.content.method_name))));
      }
      if (kind === 'call') {
        calls.push({ requestId: ridHex, method: env.content.method_name, canister, sender: sender.toText() });
        if (!requests.has(ridHex)) requests.set(ridHex, execute(ridHex, env.content, sender));
        const r = requests.get(ridHex);
        if (version === 'v2' || r.status === 'processing') return send(res, 202, '');
        return send(res, 200, Buffer.from(Cbor.encode({ status: 'replied', certificate: certificate(ridHex) })));
      }
      const path = env.content.paths[0];
      if (path.length === 1 && Buffer.from(path[0]).toString() === 'subnet')
        return send(res, 200, Buffer.from(Cbor.encode({ certificate: subnetCertificate() })));
      // read_state of one request_status path
      const rid = Buffer.from(path[1]).toString('hex');
      const r = requests.get(rid);
      if (!r) {
        const tree = labeled([['time', leaf(leb(BigInt(Date.now()) * 1_000_000n))]]);
        const signature = bls.signShortSignature(cat(domain('ic-state-root'), digest(tree)), delegated ? subnetSk : sk);
        const cert = delegated ? { tree, signature: new Uint8Array(signature), delegation: { subnet_id: subnetId, certificate: delegationCertificate() } } : { tree, signature: new Uint8Array(signature) };
        return send(res, 200, Buffer.from(Cbor.encode({ certificate: new Uint8Array(Cbor.encode(cert)) })));
      }
      if (r.status === 'processing' && r.polls++ >= 1) r.status = 'replied';
      return send(res, 200, Buffer.from(Cbor.encode({ certificate: certificate(rid) })));
    } catch (e) {
      return send(res, 400, `bad request: ${e.message}`, 'text/plain');
    }
  });
});
server.listen(Number(opt('--port', '0')), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.stdin.on('end', () => process.exit(0)); // the test closes stdin to stop the replica
process.stdin.resume();
