using Grpc.Core;

namespace Emitter.Tests.Fakes.Otlp;

/// <summary>
/// What the test receiver answers one export instead of a full success: a partial success
/// (<see cref="Rejected"/> items and a message, the rest taken), or an error as the chosen
/// protocol carries it (a gRPC status, with RetryInfo when <see cref="RetryAfter"/> is set; an HTTP
/// status with a google.rpc.Status body, and Retry-After in whole seconds when set).
/// </summary>
public sealed record OtlpFault(int Rejected, string Message, StatusCode? GrpcStatus = null, int? HttpStatus = null, TimeSpan? RetryAfter = null)
{
    public bool IsError => GrpcStatus is not null || HttpStatus is not null;

    public static OtlpFault Partial(int rejected, string message) => new(rejected, message);

    public static OtlpFault Error(StatusCode grpc, int http, string message, TimeSpan? retryAfter = null) => new(0, message, grpc, http, retryAfter);
}
