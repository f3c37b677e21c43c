using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A FAKE OpenAI-compatible embeddings server for tests (Kestrel on 127.0.0.1, a free port).
/// It speaks POST /v1/embeddings like OpenAI: Bearer key check (401), known models only
/// (404 model_not_found), at most 2,048 inputs (400), base64 or float vectors; its vectors
/// are deterministic (<see cref="FakeOpenAIVectors"/>). Faults can be queued, and every
/// request is recorded.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    public const int MaxInputs = 2048;

    /// <summary>Native dimensions of the models the fake knows, as OpenAI documents them.</summary>
    public static IReadOnlyDictionary<string, int> Models { get; } = new Dictionary<string, int>
    {
        ["text-embedding-3-small"] = 1536,
        ["text-embedding-3-large"] = 3072,
        ["text-embedding-ada-002"] = 1536,
    };

    private readonly ConcurrentQueue<FakeOpenAIFault> _faults = new();
    private readonly ConcurrentQueue<FakeOpenAIRequest> _requests = new();
    private readonly TimeProvider _time;
    private readonly long _started;
    private WebApplication? _app;
    private int _arrived;
    private int _inFlight;
    private int _maxInFlight;
    private int _holdUntilInFlight;
    private readonly TaskCompletionSource _answersReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeOpenAIServer(string apiKey, TimeProvider time)
    {
        ApiKey = apiKey;
        _time = time;
        _started = time.GetTimestamp();
    }

    public string ApiKey { get; }

    /// <summary>The API root to give the client, e.g. http://127.0.0.1:41234/v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>
    /// Holds every successful answer until <paramref name="count"/> requests are in flight at
    /// once, then answers all from then on: concurrency becomes observable by an event, not by
    /// a delay a loaded machine may outlast.
    /// </summary>
    public void HoldAnswersUntilInFlight(int count) => Volatile.Write(ref _holdUntilInFlight, count);

    internal Task AnswersReleased => Volatile.Read(ref _holdUntilInFlight) == 0 ? Task.CompletedTask : _answersReleased.Task;

    /// <summary>Requests in arrival order.</summary>
    public IReadOnlyList<FakeOpenAIRequest> Requests => _requests.OrderBy(r => r.ReceivedAt).ToArray();

    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>Counted on arrival; <see cref="Requests"/> lists a request only once it is answered or abandoned.</summary>
    public int RequestsArrived => Volatile.Read(ref _arrived);

    /// <param name="time">The clock <see cref="FakeOpenAIRequest.ReceivedAt"/> is read from: the client's, so gaps show its waits.</param>
    public static async Task<FakeOpenAIServer> StartAsync(string apiKey, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        var server = new FakeOpenAIServer(apiKey, time ?? TimeProvider.System);
        var app = LoopbackApp.CreateBuilder().Build();
        app.MapPost("/v1/embeddings", server.HandleAsync);
        await app.StartAsync(cancellationToken);

        server.BaseUrl = new Uri(LoopbackApp.Address(app) + "v1");
        server._app = app;
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests get this fault instead of an answer.</summary>
    public void FailNext(int count, FakeOpenAIFault fault)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Takes the next queued fault; called once the request has passed the key check.</summary>
    internal FakeOpenAIFault? TakeFault() => _faults.TryDequeue(out var fault) ? fault : null;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = _time.GetElapsedTime(_started);
        Interlocked.Increment(ref _arrived);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        if (now >= Volatile.Read(ref _holdUntilInFlight)) _answersReleased.TrySetResult();
        FakeOpenAIRequestBody body = new(null, null, null, null);
        var aborted = false;
        try
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            body = FakeOpenAIProtocol.Parse(json.RootElement);
            await FakeOpenAIResponder.AnswerAsync(context, body, this);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            aborted = true; // the client gave up (its timeout); recorded as 499, as nginx logs it
        }
        catch (JsonException)
        {
            await FakeOpenAIProtocol.WriteErrorAsync(context, 400,
                "We could not parse the JSON body of your request.", "invalid_request_error", null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _requests.Enqueue(new FakeOpenAIRequest(arrived, body.Model, body.Inputs ?? [], body.Dimensions,
                body.EncodingFormat, aborted ? 499 : context.Response.StatusCode));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
