import CoreMetrics
import Foundation
import Prometheus

/// The node's metrics, through swift-metrics into one Prometheus registry
/// per node (GET /metrics): histograms of acceptance latency
/// (`rollup_acceptance_seconds`), sealing time (`rollup_block_sealing_seconds`)
/// and proof time of the in-process provers (`rollup_proof_seconds`);
/// counters by outcome (`rollup_transactions_total`, `rollup_proofs_total`);
/// and gauges of the node's state, set when scraped. No series carries a
/// block number.
public final class NodeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// The factory the node's parts record through.
    public let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "rollup_acceptance_seconds": [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map { .milliseconds($0) },
            "rollup_block_sealing_seconds": [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].map { .milliseconds($0) },
            "rollup_proof_seconds": [0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120].map { .milliseconds(Int64($0 * 1000)) },
        ]
        self.factory = factory
    }

    /// The Prometheus text of every series, with the state gauges set to `state`.
    func render(_ state: [(name: String, value: Double)]) -> String {
        for (name, value) in state { registry.makeGauge(name: name).set(value) }
        return registry.emitToString()
    }
}
