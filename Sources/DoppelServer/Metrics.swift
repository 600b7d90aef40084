import Hummingbird
import NIOCore
import Prometheus

/// What `GET /metrics` reports, in Prometheus' text format: requests by method, route and
/// status with their durations, and the size of the archive. Each server keeps its own
/// registry (no process-wide metrics system), so servers in one process don't mix counts.
public struct ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    /// Request durations' bucket bounds: the API answers in about a millisecond, a comparison
    /// page in a third of a second (release build, the example archive).
    static let buckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                      .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                      .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5)]

    static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "doppel", subsystem: "http", metricName: "requests", unitName: "total",
                                               helpText: "Requests answered, by method, route pattern and status") }
    static var durations: MetricNameDescriptor { MetricNameDescriptor(namespace: "doppel", subsystem: "http", metricName: "request_duration",
                                                unitName: "seconds", helpText: "Time to answer a request, by method and route pattern") }
    static var articles: MetricNameDescriptor { MetricNameDescriptor(namespace: "doppel", subsystem: "archive", metricName: "articles", unitName: "",
                                               helpText: "Articles in the archive") }
    static var stories: MetricNameDescriptor { MetricNameDescriptor(namespace: "doppel", subsystem: "archive", metricName: "stories", unitName: "",
                                              helpText: "Stories in the archive") }

    public init() {}

    /// Counts a finished request and its duration under the route it matched.
    func record(method: HTTPRequest.Method, route: String, status: Int, duration: Duration) {
        let labels = [("method", method.rawValue), ("route", route)]
        registry.makeCounter(descriptor: Self.requests, labels: labels + [("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.durations, labels: labels, buckets: Self.buckets).record(duration)
    }

    /// The registry's text, with the archive's article and story counts set from `snapshot`.
    func exposition(_ snapshot: Snapshot) -> ByteBuffer {
        registry.makeGauge(descriptor: Self.articles).set(Double(snapshot.articles.count))
        registry.makeGauge(descriptor: Self.stories).set(Double(snapshot.stories.count))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        registry.emit(into: &bytes)
        return ByteBuffer(bytes: bytes)
    }
}

/// Records every request in ``ServerMetrics``, under its route's pattern (`/v1/articles/{id}`),
/// never its path, so that ids don't make a series each.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        // The router sets the matched pattern while it handles the request.
        do {
            let response = try await next(request, context)
            metrics.record(method: request.method, route: context.endpointPath ?? "unmatched",
                           status: Int(response.status.code), duration: .now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(method: request.method, route: context.endpointPath ?? "unmatched", status: Int(status), duration: .now - start)
            throw error
        }
    }
}
