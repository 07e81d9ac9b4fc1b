// BLS oracle for the C# tests (IC scheme: signature in G1, public key in G2), on @noble/curves.
//   node bls-oracle.mjs cases N          -> JSON [{pk, msg, sig}] for N random keys and messages
//   node bls-oracle.mjs sign SK MSG      -> JSON {pk, sig} (hex in, hex out)
//   node bls-oracle.mjs hash MSG DST     -> JSON {x, y} of RFC 9380 hash_to_curve on G1
//   node bls-oracle.mjs bench PK MSG SIG N -> mean ms per verification
import { bls12_381 as bls } from '@noble/curves/bls12-381';
import { randomBytes } from 'node:crypto';

const hex = (b) => Buffer.from(b).toString('hex');
const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'cases') {
  const out = [];
  for (let i = 0; i < Number(args[0]); i++) {
    const sk = bls.utils.randomPrivateKey();
    const msg = randomBytes(1 + (i * 37) % 200);
    out.push({ pk: hex(bls.getPublicKeyForShortSignatures(sk)), msg: hex(msg), sig: hex(bls.signShortSignature(msg, sk)) });
  }
  console.log(JSON.stringify(out));
} else if (cmd === 'sign') {
  const sk = Buffer.from(args[0], 'hex');
  const msg = Buffer.from(args[1], 'hex');
  console.log(JSON.stringify({ pk: hex(bls.getPublicKeyForShortSignatures(sk)), sig: hex(bls.signShortSignature(msg, sk)) }));
} else if (cmd === 'hash') {
  const p = bls.G1.hashToCurve(Buffer.from(args[0], 'hex'), { DST: args[1] }).toAffine();
  console.log(JSON.stringify({ x: p.x.toString(16).padStart(96, '0'), y: p.y.toString(16).padStart(96, '0') }));
} else if (cmd === 'bench') {
  const [pk, msg, sig, n] = args;
  if (!bls.verifyShortSignature(sig, msg, pk)) throw new Error('bench case does not verify');
  const start = process.hrtime.bigint();
  for (let i = 0; i < Number(n); i++) bls.verifyShortSignature(sig, msg, pk);
  console.log(Number(process.hrtime.bigint() - start) / 1e6 / Number(n));
} else {
  console.error('usage: bls-oracle.mjs cases N | sign SK MSG | bench PK MSG SIG N');
  process.exit(2);
}
