// Asks snarkjs itself whether a ceremony made by `rollup ceremony` holds:
// `powersoftau verify` on the .ptau, `zkey new` on the .ptau and .r1cs
// compared byte for byte with our initial zkey, and `zkey verify` on the
// final zkey. Prints one verdict per line; exits 1 unless all hold.
//
// Usage: node scripts/check_ceremony_with_snarkjs.cjs SNARKJS_MIN_JS PTAU R1CS INITIAL_ZKEY FINAL_ZKEY
//
// SNARKJS_MIN_JS is snarkjs's browser bundle build/snarkjs.min.js (0.7.6),
// run here in a vm context with one thread; nothing of it is committed.
const vm = require("vm");
const fs = require("fs");

const [bundle, ptau, r1cs, initialZkey, finalZkey] = process.argv.slice(2);
if (!finalZkey) {
    console.error("usage: node scripts/check_ceremony_with_snarkjs.cjs SNARKJS_MIN_JS PTAU R1CS INITIAL_ZKEY FINAL_ZKEY");
    process.exit(2);
}
// The bundle's typed arrays belong to the vm's realm, which node's WebCrypto
// does not accept: copy them across.
const webcrypto = require("crypto").webcrypto;
const crossRealmCrypto = {
    getRandomValues: (array) => {
        const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        for (let at = 0; at < bytes.length; at += 65536) {
            bytes.set(webcrypto.getRandomValues(new Uint8Array(Math.min(65536, bytes.length - at))), at);
        }
        return array;
    },
    subtle: { digest: (algorithm, data) => webcrypto.subtle.digest(algorithm, Buffer.from(new Uint8Array(data))) },
};
const context = { console, TextEncoder, TextDecoder, crypto: crossRealmCrypto, WebAssembly, setTimeout, clearTimeout,
    navigator: { hardwareConcurrency: 1 }, performance, URL, Blob };
context.globalThis = context; context.window = context; context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(bundle, "utf8"), context);
const snarkjs = context.snarkjs;

const quiet = { debug() {}, info() {}, warn() {}, error: console.error, log() {} };
const mem = (path) => ({ type: "mem", data: new Uint8Array(fs.readFileSync(path)) });

(async () => {
    const ptauOk = await snarkjs.powersOfTau.verify(mem(ptau), quiet);
    console.log(`snarkjs powersoftau verify: ${ptauOk}`);
    const initial = { type: "mem" };
    await snarkjs.zKey.newZKey(mem(r1cs), mem(ptau), initial, quiet);
    const same = Buffer.compare(Buffer.from(initial.data), fs.readFileSync(initialZkey)) === 0;
    console.log(`snarkjs zkey new equals the initial zkey byte for byte: ${same}`);
    const zkeyOk = await snarkjs.zKey.verifyFromR1cs(mem(r1cs), mem(ptau), mem(finalZkey), quiet);
    console.log(`snarkjs zkey verify: ${zkeyOk}`);
    process.exit(ptauOk === true && same && zkeyOk === true ? 0 : 1);
})().catch((error) => { console.error(error); process.exit(1); });
