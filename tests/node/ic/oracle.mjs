// Oracle for the C# identity tests, on @dfinity/identity and node:crypto:
//   node oracle.mjs sha224 HEX                 -> hex digest (node:crypto)
//   node oracle.mjs ed25519 SEEDHEX MSGHEX     -> {principal, der, sig} from Ed25519KeyIdentity
//   node oracle.mjs secp256k1 SECRETHEX MSGHEX -> {principal, der, sig} from Secp256k1KeyIdentity
import { createHash } from 'node:crypto';
import { Ed25519KeyIdentity } from '@dfinity/identity';
import { Secp256k1KeyIdentity } from '@dfinity/identity-secp256k1';

const hex = (b) => Buffer.from(b).toString('hex');
const [cmd, a, b] = process.argv.slice(2);
if (cmd === 'sha224') console.log(createHash('sha224').update(Buffer.from(a, 'hex')).digest('hex'));
else {
  const id = cmd === 'ed25519' ? Ed25519KeyIdentity.fromSecretKey(Buffer.from(a, 'hex')) : Secp256k1KeyIdentity.fromSecretKey(Buffer.from(a, 'hex'));
  const sig = await id.sign(Buffer.from(b, 'hex'));
  console.log(JSON.stringify({ principal: id.getPrincipal().toText(), der: hex(id.getPublicKey().toDer()), sig: hex(sig) }));
}
