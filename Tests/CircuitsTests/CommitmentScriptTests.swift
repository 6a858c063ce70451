import ChildProcess
import Foundation
import TestSupport
import Testing

/// scripts/check_block_commitment.py is how docs/PROTOCOL.md lets an
/// outsider recompute a block's public inputs with hashlib alone: it must
/// accept what `rollup circuits prove-sample` writes and refuse a changed root.
struct CommitmentScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/check_block_commitment.py").path

    @Test(arguments: ["transfer", "exit"])
    func theScriptRecomputesThePublicInputs(type: String) throws {
        let directory = ScratchDirectory.path("rollup-commitment").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sample = try ChildProcess.run(
            CircomExportTests.rollup, ["circuits", "prove-sample", type, "--out", directory, "--depth", "4", "--capacity", "2"])
        #expect(sample.status == 0, "\(sample.output)")
        let check = try ChildProcess.run("/usr/bin/env", ["python3", Self.script, directory])
        #expect(check.status == 0 && check.output.contains("public inputs (old root, new root, commitment, chain id): match"), "\(check.output)")

        // The new root in public.json, one more: refused.
        let path = URL(fileURLWithPath: directory + "/public.json")
        let inputs = try JSONDecoder().decode([String].self, from: Data(contentsOf: path))
        #expect(inputs.count == 4)
        for index in [1, 3] {
            var changed = inputs
            changed[index] = changed[index] == "0" ? "1" : "0"
            try JSONEncoder().encode(changed).write(to: path)
            let tampered = try ChildProcess.run("/usr/bin/env", ["python3", Self.script, directory])
            #expect(tampered.status == 1 && tampered.output.contains("DIFFER"), "input \(index): \(tampered.output)")
        }
    }
}
