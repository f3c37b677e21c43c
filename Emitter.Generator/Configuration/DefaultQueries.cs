namespace Emitter.Generator.Configuration;

/// <summary>
/// The queries a benchmark runs when the config names none: how an operator on call phrases a
/// search, written against the words of the pool's templates (Pool/LevelTemplates.cs), so that
/// every mode finds something, keyword search included.
/// </summary>
public static class DefaultQueries
{
    public static readonly IReadOnlyList<string> All =
    [
        "database connection pool exhausted",
        "connection pool near capacity",
        "payment declined",
        "payment capture failed",
        "payment flagged for manual review",
        "refund approved",
        "connection refused",
        "database unreachable writes dropped",
        "authentication denied for database user",
        "deadlock detected transaction rolled back",
        "slow query rows scanned",
        "request took longer than the SLO",
        "upstream returned 503",
        "request failed with 500",
        "unhandled exception in handler",
        "timed out waiting for endpoint",
        "kafka consumer lag exceeds threshold",
        "kafka producer failed to publish",
        "failed to deserialize record",
        "message moved to dead-letter queue",
        "pod OOMKilled memory limit exceeded",
        "high memory pressure GC pause",
        "disk full cannot write segment",
        "disk usage above threshold",
        "TLS certificate expires soon",
        "TLS handshake failed certificate expired",
        "circuit breaker half-open",
        "retrying call with backoff",
        "rate limit approaching quota",
        "request throttled retry after",
        "replication lag behind primary",
        "queue backlog consumers falling behind",
        "job running longer than usual",
        "job crashed",
        "saga aborted compensation started",
        "panic index out of range",
        "lost connection statements not applied",
        "cache hit ratio degraded",
        "order placed with items",
        "shipment handed to carrier",
        "user signed in",
        "invoice generated PDF",
        "health check passed",
        "service started on port",
        "deprecated endpoint called",
    ];
}
