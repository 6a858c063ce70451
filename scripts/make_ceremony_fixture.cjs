// Makes Tests/CeremonyTests/Fixtures/snarkjs-ceremony with snarkjs itself:
// a powers of tau of power 5 (one contribution, prepared for phase 2) and
// a phase-2 ceremony on circuit.r1cs (our SBoxChainCircuit of 3 rounds,
// written by R1CS.iden3Binary): zkey new, two contributions and a beacon.
// snarkjs verifies the final key before anything is written.
//
// Usage: node scripts/make_ceremony_fixture.cjs SNARKJS_MIN_JS FIXTURE_DIR
//
// SNARKJS_MIN_JS is snarkjs's browser bundle build/snarkjs.min.js (0.7.6),
// which carries its dependencies; it runs here in a vm context with one
// thread. Nothing of snarkjs is committed.
const fs = require("fs");
const { loadSnarkjs, quiet } = require("./snarkjs_bundle.cjs");
const path = require("path");

const [bundle, dir] = process.argv.slice(2);
if (!bundle || !dir) {
    console.error("usage: node scripts/make_ceremony_fixture.cjs SNARKJS_MIN_JS FIXTURE_DIR");
    process.exit(2);
}
const snarkjs = loadSnarkjs(bundle);

const mem = (data) => (data ? { type: "mem", data } : { type: "mem" });
const file = (name) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const write = (name, m) => fs.writeFileSync(path.join(dir, name), m.data);
const hex = (bytes) => Buffer.from(bytes).toString("hex");

(async () => {
    const curve = await snarkjs.curves.getCurveFromName("bn128", true);
    const pot0 = mem(), pot1 = mem(), pot = mem();
    await snarkjs.powersOfTau.newAccumulator(curve, 5, pot0, quiet);
    await snarkjs.powersOfTau.contribute(pot0, pot1, "fixture", "entropy of the fixture", quiet);
    await snarkjs.powersOfTau.preparePhase2(pot1, pot, quiet);
    write("pot5_final.ptau", pot);

    const r1cs = mem(file("circuit.r1cs"));
    const zkey0 = mem(), zkey1 = mem(), zkey2 = mem(), zkeyFinal = mem();
    const circuitHash = await snarkjs.zKey.newZKey(r1cs, pot, zkey0, quiet);
    const alice = await snarkjs.zKey.contribute(zkey0, zkey1, "alice", "alice's entropy", quiet);
    const bob = await snarkjs.zKey.contribute(zkey1, zkey2, "bob", "bob's entropy", quiet);
    const beaconHash = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    const beacon = await snarkjs.zKey.beacon(zkey2, zkeyFinal, "final beacon", beaconHash, 10, quiet);
    const verified = await snarkjs.zKey.verifyFromR1cs(r1cs, pot, zkeyFinal, quiet);
    if (verified !== true) throw new Error("snarkjs does not verify its own ceremony");
    write("circuit_0000.zkey", zkey0);
    write("circuit_0001.zkey", zkey1);
    write("circuit_0002.zkey", zkey2);
    write("circuit_final.zkey", zkeyFinal);
    fs.writeFileSync(path.join(dir, "hashes.json"), JSON.stringify({
        snarkjs: "0.7.6",
        circuitHash: hex(circuitHash),
        contributions: [
            { name: "alice", hash: hex(alice) },
            { name: "bob", hash: hex(bob) },
            { name: "final beacon", hash: hex(beacon), beaconHash, iterationsExponent: 10 },
        ],
        verifiedBySnarkjs: verified,
    }, null, 2) + "\n");
    process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
