// Loads snarkjs's browser bundle (build/snarkjs.min.js of snarkjs 0.7.6,
// which carries its dependencies) into a vm context under node, with one
// thread, for the ceremony fixture and check scripts. Nothing of snarkjs is
// committed; pass the path of a copy.
const vm = require("vm");
const fs = require("fs");

// The bundle's typed arrays belong to the vm's realm, which node's WebCrypto
// does not accept: copy them across, 64 KiB at a time (WebCrypto's limit).
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

/** snarkjs's exports (`powersOfTau`, `zKey`, `curves`, …) from the bundle at `path`. */
function loadSnarkjs(path) {
    const context = { console, TextEncoder, TextDecoder, crypto: crossRealmCrypto, WebAssembly, setTimeout, clearTimeout,
        navigator: { hardwareConcurrency: 1 }, performance, URL, Blob };
    context.globalThis = context; context.window = context; context.self = context;
    vm.createContext(context);
    vm.runInContext(fs.readFileSync(path, "utf8"), context);
    return context.snarkjs;
}

/** A logger that keeps only errors. */
const quiet = { debug() {}, info() {}, warn() {}, error: console.error, log() {} };

module.exports = { loadSnarkjs, quiet };
