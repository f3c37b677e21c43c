using System.Collections.Concurrent;
using Emitter.Processes;

namespace Emitter.Tests.Processes;

/// <summary>
/// Records every program it is asked to run, then runs it with <paramref name="inner"/> or,
/// without one, answers as <paramref name="answer"/> says (default: exit 0, no output).
/// </summary>
public sealed class RecordingProcessRunner(IProcessRunner? inner = null, Func<ProcessRequest, ProcessResult>? answer = null) : IProcessRunner
{
    private readonly ConcurrentQueue<ProcessRequest> _requests = new();

    public IReadOnlyList<ProcessRequest> Requests => [.. _requests];

    public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken ct = default)
    {
        _requests.Enqueue(request);
        return inner is not null
            ? inner.RunAsync(request, ct)
            : Task.FromResult(answer?.Invoke(request) ?? new ProcessResult(0, "", ""));
    }
}
