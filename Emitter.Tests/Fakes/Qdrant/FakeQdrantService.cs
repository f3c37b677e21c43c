using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>The fake Qdrant's gRPC handlers: collections, payload indexes, upsert, count, retrieve, query, health.</summary>
internal sealed class FakeQdrantService(FakeQdrantServer server)
{
    // Answered without an API key: src/tonic/auth.rs lets /qdrant.Qdrant/HealthCheck through.
    public Task<HealthCheckReply> Health(HealthCheckRequest request, ServerCallContext context) => server.Starting
        ? throw new RpcException(new Status(StatusCode.Unavailable, "failed to connect: connection refused (still starting)"))
        : Task.FromResult(new HealthCheckReply { Title = "qdrant - vector search engine", Version = server.Version, Commit = "fake" });

    public Task<CollectionExistsResponse> Exists(CollectionExistsRequest request, ServerCallContext context) =>
        Answer(context, () => new CollectionExistsResponse { Result = new CollectionExists { Exists = server.Collections.ContainsKey(request.CollectionName) } });

    public Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context) => Answer(context, () =>
    {
        // No vectors_config is a collection without dense vectors (a sparse-only one, as index_mode keyword makes):
        // lib/storage/src/content_manager/conversions.rs takes vectors_config.unwrap_or_default(), and
        // lib/collection/src/operations/types.rs VectorsConfig::default() is an empty Multi map.
        if (request.VectorsConfig is null) request = new CreateCollection(request) { VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap() } };
        if (server.TakeLostCreateRace()) server.Collections.TryAdd(request.CollectionName, new FakeQdrantCollection(request.Clone(), server.StoresMetadata));
        // lib/storage/src/content_manager/collections_ops.rs raises StorageError::AlreadyExists, which
        // lib/storage/src/content_manager/conversions.rs answers as gRPC AlreadyExists ("Wrong input: ..." is its Display).
        if (!server.Collections.TryAdd(request.CollectionName, new FakeQdrantCollection(request.Clone(), server.StoresMetadata)))
            throw FakeQdrantCollection.Error(StatusCode.AlreadyExists, $"Wrong input: Collection `{request.CollectionName}` already exists!");
        return new CollectionOperationResponse { Result = true };
    });

    public Task<GetCollectionInfoResponse> Info(GetCollectionInfoRequest request, ServerCallContext context) =>
        Answer(context, () => new GetCollectionInfoResponse { Result = Find(request.CollectionName).Info() });

    public Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context) =>
        Answer(context, () => new CollectionOperationResponse { Result = server.Collections.TryRemove(request.CollectionName, out _) });

    public Task<PointsOperationResponse> CreateFieldIndex(CreateFieldIndexCollection request, ServerCallContext context) => Answer(context, () =>
    {
        // The client sends FieldType; the collection info reports PayloadSchemaType: same names, different prefix.
        var type = Enum.Parse<PayloadSchemaType>(request.FieldType.ToString().Replace("FieldType", ""));
        Find(request.CollectionName).PayloadIndexes[request.FieldName] = type;
        return Completed();
    });

    public async Task<PointsOperationResponse> UpsertAsync(UpsertPoints request, ServerCallContext context)
    {
        Authorize(context);
        server.CountUpsertRequest();
        var fault = server.TakeFault();
        if (fault?.Status is { } status and not StatusCode.OK) throw FakeQdrantCollection.Error(status, $"fake fault: {status}");

        var collection = Find(request.CollectionName);
        if (request.Points.Select(p => server.Refusal(p) ?? collection.Check(p)).FirstOrDefault(p => p is not null) is { } problem)
            throw FakeQdrantCollection.Error(StatusCode.InvalidArgument, problem);
        // As lib/collection/src/shards/local_shard/shard_ops.rs (v1.19.0): the operation goes to the WAL and
        // the shard's update worker; with wait the answer (Completed) comes once the worker has applied
        // it, so the points are searchable; without, the answer (Acknowledged) comes at once and the
        // points become searchable when the worker gets to them (in order, ApplyDelay later here).
        if (request.Wait) foreach (var point in request.Points) collection.Store(point);
        else collection.ApplyLater(() => { foreach (var point in request.Points) collection.Store(point); }, server.ApplyDelay, server.Time);
        server.SeeDocuments(request.Points);

        // A late answer comes after the write, as when a busy server applies it late: held until the
        // client's deadline cancels the call (gRPC sends RST_STREAM; the server sees its token cancelled).
        if (fault is { Status: null })
        {
            try { await Task.Delay(Timeout.Infinite, context.CancellationToken); }
            catch (OperationCanceledException) { }
        }
        return Completed(request.Wait);
    }

    public async Task<QueryResponse> QueryAsync(QueryPoints request, ServerCallContext context)
    {
        Authorize(context);
        server.CountQueryRequest();
        server.QueryBodies.Enqueue(request.Clone());
        if (server.QueryFaults.Latency?.Next() is { } delay && delay > TimeSpan.Zero)
        {
            var wait = Task.Delay(delay, server.Time, context.CancellationToken);
            server.OnQueryDelayed();
            await wait;
        }
        if (server.QueryFaults.Take() is { } status) throw FakeQdrantCollection.Error(status, $"fake fault: {status}");
        var started = server.Time.GetTimestamp();
        var response = new FakeQdrantSearch(Find(request.CollectionName)).Answer(request);
        response.Time = server.Time.GetElapsedTime(started).TotalSeconds;
        return response;
    }

    public Task<CountResponse> Count(CountPoints request, ServerCallContext context) =>
        Answer(context, () => new CountResponse { Result = new CountResult { Count = (ulong)Find(request.CollectionName).Points.Count } });

    public Task<GetResponse> Retrieve(GetPoints request, ServerCallContext context) => Answer(context, () =>
    {
        var collection = Find(request.CollectionName);
        var response = new GetResponse();
        foreach (var id in request.Ids)
        {
            if (!collection.Points.TryGetValue(id.Uuid, out var point)) continue;
            var retrieved = new RetrievedPoint { Id = point.Id, Vectors = new VectorsOutput { Vectors = new NamedVectorsOutput() } };
            retrieved.Payload.Add(point.Payload);
            foreach (var (name, vector) in point.Vectors.Vectors_.Vectors.Where(v => collection.Created.VectorsConfig.ParamsMap.Map.ContainsKey(v.Key)))
                retrieved.Vectors.Vectors.Vectors[name] = new VectorOutput { Dense = vector.Dense };
            response.Result.Add(retrieved);
        }
        return response;
    });

    private FakeQdrantCollection Find(string name) => server.Collections.TryGetValue(name, out var collection)
        ? collection
        : throw FakeQdrantCollection.Error(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!");

    private static PointsOperationResponse Completed(bool wait = true) =>
        new() { Result = new UpdateResult { Status = wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged } };

    private Task<T> Answer<T>(ServerCallContext context, Func<T> answer)
    {
        Authorize(context);
        return Task.FromResult(answer());
    }

    // src/common/auth/mod.rs (validate_request) and src/tonic/auth.rs: the key comes as `api-key` or
    // `authorization: Bearer`; none or a wrong one is AuthError::Unauthorized, answered Unauthenticated.
    private void Authorize(ServerCallContext context)
    {
        if (server.ApiKey is not { } key) return;
        var given = context.RequestHeaders.GetValue("api-key") ?? BearerToken(context.RequestHeaders.GetValue("authorization"));
        if (given is null)
            throw FakeQdrantCollection.Error(StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token");
        if (given != key) throw FakeQdrantCollection.Error(StatusCode.Unauthenticated, "Invalid API key or JWT");
    }

    private static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
}
