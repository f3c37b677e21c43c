using Grpc.Core;

namespace Emitter.Tests.Fakes;

/// <summary>
/// What the fake Qdrant plays on Points.Query: a latency before every answer (failed ones too),
/// the next N queries failing with a status, and a seeded fraction of all queries failing.
/// </summary>
internal sealed class FakeQdrantQueryFaults
{
    private readonly Lock _lock = new();
    private readonly Queue<StatusCode> _next = new();
    private (double Fraction, Random Random, StatusCode Status)? _random;

    public FakeQdrantLatency? Latency { get; set; }

    public void FailNext(int count, StatusCode status)
    {
        lock (_lock)
            for (var i = 0; i < count; i++) _next.Enqueue(status);
    }

    public void FailFraction(double fraction, int seed, StatusCode status)
    {
        lock (_lock) _random = (fraction, new Random(seed), status);
    }

    /// <summary>The status this query fails with, or null when it is answered.</summary>
    public StatusCode? Take()
    {
        lock (_lock)
        {
            if (_next.TryDequeue(out var status)) return status;
            if (_random is { } r && r.Random.NextDouble() < r.Fraction) return r.Status;
            return null;
        }
    }
}
