using Emitter.Generator.Sinks;
using Grpc.Core;
using Npgsql;

namespace Emitter.Generator.Bench.Driver;

/// <summary>Why a due query has no answer to time. Each counts in the latency figures at the timeout.</summary>
public enum QueryFailure
{
    None,

    /// <summary>No answer within timeout_ms of its due time: abandoned (cancelled).</summary>
    Timeout,

    /// <summary>Never sent: max_outstanding queries were already in flight.</summary>
    NotSent,

    /// <summary>The store answered, with an error (an HTTP error status, a PostgreSQL error, a gRPC status from the server).</summary>
    Refused,

    /// <summary>No answer for another reason: a connection lost or refused, a client-side error.</summary>
    Failed,
}

public static class QueryFailures
{
    /// <summary>Every reason in the order the summary lists them.</summary>
    public static readonly QueryFailure[] All = [QueryFailure.Timeout, QueryFailure.NotSent, QueryFailure.Refused, QueryFailure.Failed];

    /// <summary>The name used in summaries: timeout, not_sent, refused, failed.</summary>
    public static string Name(this QueryFailure failure) => failure switch
    {
        QueryFailure.Timeout => "timeout",
        QueryFailure.NotSent => "not_sent",
        QueryFailure.Refused => "refused",
        QueryFailure.Failed => "failed",
        _ => "none",
    };

    /// <summary>
    /// What an exception from a store's search means, in one place for every store: an answer
    /// that says no (refused) or no answer at all (failed). A timeout is decided by the caller,
    /// which knows whether its own deadline cancelled the query.
    /// </summary>
    public static QueryFailure Classify(Exception e) => e switch
    {
        PostgresException => QueryFailure.Refused,
        // A server's gRPC status; Unavailable, Unknown and Internal are what the client reports for a broken transport.
        RpcException { StatusCode: not (StatusCode.Unavailable or StatusCode.Unknown or StatusCode.Internal or StatusCode.Cancelled or StatusCode.DeadlineExceeded) } => QueryFailure.Refused,
        ISearchAnswer { Status: not null } => QueryFailure.Refused,
        _ => QueryFailure.Failed,
    };
}
