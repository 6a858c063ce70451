// Asks snarkjs itself whether a ceremony made by `rollup ceremony` holds:
// `powersoftau verify` on the .ptau, `zkey new` on the .ptau and .r1cs
// compared byte for byte with our initial zkey, and `zkey verify` on the
// final zkey. Prints one verdict per line; exits 1 unless all hold.
//
// Usage: node scripts/check_ceremony_with_snarkjs.cjs SNARKJS_MIN_JS PTAU R1CS INITIAL_ZKEY FINAL_ZKEY
//
// SNARKJS_MIN_JS is snarkjs's browser bundle build/snarkjs.min.js (0.7.6),
// loaded by scripts/snarkjs_bundle.cjs; nothing of it is committed.
const fs = require("fs");
const { loadSnarkjs, quiet } = require("./snarkjs_bundle.cjs");

const [bundle, ptau, r1cs, initialZkey, finalZkey] = process.argv.slice(2);
if (!finalZkey) {
    console.error("usage: node scripts/check_ceremony_with_snarkjs.cjs SNARKJS_MIN_JS PTAU R1CS INITIAL_ZKEY FINAL_ZKEY");
    process.exit(2);
}
const snarkjs = loadSnarkjs(bundle);

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
