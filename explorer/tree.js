// What the explorer checks and decodes itself, trusting nothing the node
// says: Poseidon (circomlib's, width 5), BabyJubJub public keys (iden3
// packing), exit proofs against a root, packed amounts and block pubdata
// (docs/PROTOCOL.md, "Accounts and the tree", "Transactions", "Blocks").
"use strict";

const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const HALF = FIELD >> 1n;

function mod(a) {
  const r = a % FIELD;
  return r < 0n ? r + FIELD : r;
}

function power(base, exponent) {
  let result = 1n;
  let b = mod(base);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % FIELD;
    b = (b * b) % FIELD;
    e >>= 1n;
  }
  return result;
}

function inverse(a) {
  return power(a, FIELD - 2n);
}

// Tonelli-Shanks: FIELD - 1 = 2^28 * Q; 5 generates the multiplicative group.
const TWO_ADICITY = 28n;
const Q = (FIELD - 1n) >> TWO_ADICITY;

function sqrt(n) {
  n = mod(n);
  if (n === 0n) return 0n;
  if (power(n, (FIELD - 1n) / 2n) !== 1n) return null;
  let m = TWO_ADICITY;
  let c = power(5n, Q);
  let t = power(n, Q);
  let r = power(n, (Q + 1n) / 2n);
  while (t !== 1n) {
    let i = 0n;
    let t2 = t;
    while (t2 !== 1n) {
      t2 = (t2 * t2) % FIELD;
      i += 1n;
    }
    const b = power(c, 1n << (m - i - 1n));
    m = i;
    c = (b * b) % FIELD;
    t = (t * c) % FIELD;
    r = (r * b) % FIELD;
  }
  return r;
}

const POSEIDON_C = POSEIDON5.constants.map((hex) => BigInt("0x" + hex));
const POSEIDON_M = POSEIDON5.mds.map((hex) => BigInt("0x" + hex));

// circomlib's Poseidon of four field elements.
function poseidon4(inputs) {
  const t = 5;
  let state = [0n, ...inputs.map(mod)];
  const rounds = 8 + POSEIDON5.partialRounds;
  for (let r = 0; r < rounds; r++) {
    state = state.map((x, i) => mod(x + POSEIDON_C[r * t + i]));
    const full = r < 4 || r >= rounds - 4;
    state = state.map((x, i) => (full || i === 0 ? power(x, 5n) : x));
    state = state.map((_, i) => {
      let sum = 0n;
      for (let j = 0; j < t; j++) sum += POSEIDON_M[i * t + j] * state[j];
      return mod(sum);
    });
  }
  return state[0];
}

function hexBytes(hex) {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error("not hex: " + hex.slice(0, 20));
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function bigEndian(bytes) {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

// An iden3-packed BabyJubJub key (32 bytes: y little-endian, x's sign in the top bit) as [x, y].
function unpackPublicKey(hex) {
  const bytes = hexBytes(hex);
  if (bytes.length !== 32) throw new Error("a packed key is 32 bytes");
  const negative = (bytes[31] & 0x80) !== 0;
  const le = Array.from(bytes);
  le[31] &= 0x7f;
  const y = bigEndian(le.reverse());
  if (y >= FIELD) throw new Error("the key's y is not a field element");
  const y2 = (y * y) % FIELD;
  const x2 = mod((1n - y2) * inverse(mod(168700n - 168696n * y2)));
  let x = sqrt(x2);
  if (x === null) throw new Error("the key is not on BabyJubJub");
  if (x > HALF) x = FIELD - x;
  if (negative) x = mod(-x);
  return [x, y];
}

// Checks an exit proof (GET /v1/accounts/{id}/exit-proof) in the page:
// the leaf from the key, balance and nonce, then the path up to the root.
// Returns {ok, reason, root}.
function checkExitProof(proof) {
  try {
    const [x, y] = unpackPublicKey(proof.publicKey);
    const leaf = poseidon4([x, y, BigInt(proof.balance), BigInt(proof.nonce)]);
    if (leaf !== BigInt(proof.leaf)) return { ok: false, reason: "the leaf is not Poseidon(key, balance, nonce)" };
    if (proof.siblings.length % 3 !== 0) return { ok: false, reason: "the path does not hold three siblings per level" };
    let node = leaf;
    let index = BigInt(proof.account);
    for (let level = 0; level < proof.siblings.length / 3; level++) {
      const siblings = proof.siblings.slice(3 * level, 3 * level + 3).map((s) => BigInt(s));
      const position = Number(index & 3n);
      siblings.splice(position, 0, node);
      node = poseidon4(siblings);
      index >>= 2n;
    }
    if (node !== BigInt(proof.root)) return { ok: false, reason: "the path does not lead to the stated root", root: node };
    return { ok: true, root: node };
  } catch (error) {
    return { ok: false, reason: String(error.message || error) };
  }
}

// A packed float (mantissa << 5 | exponent) as a decimal string.
function unpackFloat(packed) {
  const mantissa = packed >> 5n;
  const exponent = packed & 31n;
  return (mantissa * 10n ** exponent).toString();
}

const SLOT_BYTES = { transfer: 14, deposit: 52, exit: 42 };

// A block's pubdata as its slots' transactions (noops as {kind: "noop"}).
function decodePubdata(type, pubdataHex) {
  const bytes = hexBytes(pubdataHex);
  const size = SLOT_BYTES[type];
  const slots = [];
  for (let offset = 0; size && offset + size <= bytes.length; offset += size) {
    const slot = bytes.slice(offset, offset + size);
    const field = (from, length) => bigEndian(slot.slice(from, from + length));
    const hex = (from, length) => "0x" + Array.from(slot.slice(from, from + length), (b) => b.toString(16).padStart(2, "0")).join("");
    switch (slot[0]) {
      case 0: slots.push({ kind: "noop" }); break;
      case 1: slots.push({ kind: "deposit", account: Number(field(1, 3)), amount: field(4, 16).toString(), publicKey: hex(20, 32) }); break;
      case 2: slots.push({ kind: "transfer", from: Number(field(1, 3)), to: Number(field(4, 3)), amount: unpackFloat(field(7, 5)), fee: unpackFloat(field(12, 2)) }); break;
      case 3: slots.push({ kind: "exit", account: Number(field(1, 3)), amount: field(4, 16).toString(), fee: unpackFloat(field(20, 2)), l1Address: hex(22, 20) }); break;
      default: slots.push({ kind: "unknown tag " + slot[0] });
    }
  }
  return slots;
}
