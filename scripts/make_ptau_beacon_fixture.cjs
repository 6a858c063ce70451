// Makes Tests/CeremonyTests/Fixtures/snarkjs-ptau-beacon with snarkjs
// itself: a powers of tau of power 4 with two contributions ("first",
// "second") and a beacon ("final beacon", hash 0x0102…1f20, 2^10
// iterations), prepared for phase 2; `snarkjs powersoftau verify` checks
// it before it is written, and its verdict and the response hashes it
// returned go to hashes.json.
//
// Usage: node scripts/make_ptau_beacon_fixture.cjs SNARKJS_MIN_JS FIXTURE_DIR
//
// SNARKJS_MIN_JS is snarkjs's browser bundle build/snarkjs.min.js (0.7.6);
// nothing of snarkjs is committed.
const fs = require("fs");
const path = require("path");
const { loadSnarkjs, quiet } = require("./snarkjs_bundle.cjs");

const [bundle, dir] = process.argv.slice(2);
if (!bundle || !dir) {
    console.error("usage: node scripts/make_ptau_beacon_fixture.cjs SNARKJS_MIN_JS FIXTURE_DIR");
    process.exit(2);
}
const snarkjs = loadSnarkjs(bundle);
const mem = () => ({ type: "mem" });
const hex = (bytes) => Buffer.from(bytes).toString("hex");

(async () => {
    const curve = await snarkjs.curves.getCurveFromName("bn128", true);
    const pot0 = mem(), pot1 = mem(), pot2 = mem(), pot3 = mem(), pot = mem();
    await snarkjs.powersOfTau.newAccumulator(curve, 4, pot0, quiet);
    const first = await snarkjs.powersOfTau.contribute(pot0, pot1, "first", "first entropy", quiet);
    const second = await snarkjs.powersOfTau.contribute(pot1, pot2, "second", "second entropy", quiet);
    const beaconHash = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    const beacon = await snarkjs.powersOfTau.beacon(pot2, pot3, "final beacon", beaconHash, 10, quiet);
    await snarkjs.powersOfTau.preparePhase2(pot3, pot, quiet);
    const verified = await snarkjs.powersOfTau.verify(pot, quiet);
    if (verified !== true) throw new Error("snarkjs does not verify its own powers of tau");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "pot4_beacon.ptau"), pot.data);
    fs.writeFileSync(path.join(dir, "hashes.json"), JSON.stringify({
        snarkjs: "0.7.6",
        contributions: [
            { name: "first", hash: hex(first) },
            { name: "second", hash: hex(second) },
            { name: "final beacon", hash: hex(beacon), beaconHash, iterationsExponent: 10 },
        ],
        verifiedBySnarkjs: verified,
    }, null, 2) + "\n");
    process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
