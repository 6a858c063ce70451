import ArgumentParser
import Benchmarks

/// `rollup bench-subscribers --port P --count N` (hidden): the WebSocket
/// subscribers of `rollup bench api --subscribers`, in a process of their
/// own, which ``SubscriberProcess`` starts at the lowest CPU priority.
struct BenchSubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-subscribers",
        abstract: "Benchmark tool: WebSocket subscribers of a loopback node until told to stop.",
        shouldDisplay: false
    )

    @Option(help: "The node's loopback port.") var port: Int
    @Option(help: "Subscribers.") var count: Int

    func run() async throws {
        try await SubscriberLoad.serve(count: count, port: port)
    }
}
