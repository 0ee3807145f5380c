// Drives typage (the age-encryption npm package) for core's interop tests: stdin -> stdout.
//   node age.mjs encrypt [--armor] [--scrypt-log-n N] (--recipient R ... | --passphrase P)
//   node age.mjs decrypt (--identity I ... | --passphrase P)      armored input is detected
//   node age.mjs keygen [--pq]                                    prints the identity, then the recipient
import { Encrypter, Decrypter, armor, generateX25519Identity, generateHybridIdentity, identityToRecipient } from "age-encryption";

const [command, ...args] = process.argv.slice(2);
const opts = { recipient: [], identity: [], passphrase: null, armor: false, logN: 10, pq: false };
for (let i = 0; i < args.length; i++) {
  switch (args[i]) {
    case "--recipient": opts.recipient.push(args[++i]); break;
    case "--identity": opts.identity.push(args[++i]); break;
    case "--passphrase": opts.passphrase = args[++i]; break;
    case "--scrypt-log-n": opts.logN = Number(args[++i]); break;
    case "--armor": opts.armor = true; break;
    case "--pq": opts.pq = true; break;
    default: throw new Error("unknown argument " + args[i]);
  }
}

async function stdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}

if (command === "keygen") {
  const id = opts.pq ? await generateHybridIdentity() : await generateX25519Identity();
  process.stdout.write(id + "\n" + (await identityToRecipient(id)) + "\n");
} else if (command === "encrypt") {
  const e = new Encrypter();
  if (opts.passphrase !== null) {
    e.setPassphrase(opts.passphrase);
    e.setScryptWorkFactor(opts.logN);
  }
  opts.recipient.forEach((r) => e.addRecipient(r));
  const out = await e.encrypt(await stdin());
  process.stdout.write(opts.armor ? armor.encode(out) : out);
} else if (command === "decrypt") {
  const d = new Decrypter();
  if (opts.passphrase !== null) d.addPassphrase(opts.passphrase);
  opts.identity.forEach((i) => d.addIdentity(i));
  let input = await stdin();
  const head = new TextDecoder().decode(input.subarray(0, 64)).trimStart();
  if (head.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")) input = armor.decode(new TextDecoder().decode(input));
  process.stdout.write(await d.decrypt(input));
} else {
  throw new Error("unknown command " + command);
}
