using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>The fake Qdrant's gRPC handlers: collections, payload indexes, upsert, count, retrieve, health.</summary>
internal sealed class FakeQdrantService(FakeQdrantServer server)
{
    public Task<HealthCheckReply> Health(HealthCheckRequest request, ServerCallContext context) =>
        Answer(context, () => new HealthCheckReply { Title = "qdrant - vector search engine", Version = FakeQdrantServer.Version, Commit = "fake" });

    public Task<CollectionExistsResponse> Exists(CollectionExistsRequest request, ServerCallContext context) =>
        Answer(context, () => new CollectionExistsResponse { Result = new CollectionExists { Exists = server.Collections.ContainsKey(request.CollectionName) } });

    public Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context) => Answer(context, () =>
    {
        if (request.VectorsConfig is null) throw FakeQdrantCollection.Error(StatusCode.InvalidArgument, "Wrong input: vectors config is required");
        if (!server.Collections.TryAdd(request.CollectionName, new FakeQdrantCollection(request.Clone())))
            throw FakeQdrantCollection.Error(StatusCode.InvalidArgument, $"Wrong input: Collection `{request.CollectionName}` already exists!");
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
        if (fault?.Status is { } status) throw FakeQdrantCollection.Error(status, $"fake fault: {status}");

        var collection = Find(request.CollectionName);
        if (request.Points.Select(collection.Check).FirstOrDefault(p => p is not null) is { } problem)
            throw FakeQdrantCollection.Error(StatusCode.InvalidArgument, problem);
        foreach (var point in request.Points) collection.Store(point);
        server.SeeDocuments(request.Points);

        // A slow answer comes after the write, as when a busy server applies it late.
        if (fault is { Delay: var delay } && delay > TimeSpan.Zero) await Task.Delay(delay, CancellationToken.None);
        return Completed(request.Wait);
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

    private void Authorize(ServerCallContext context)
    {
        if (server.ApiKey is { } key && context.RequestHeaders.GetValue("api-key") != key)
            throw FakeQdrantCollection.Error(StatusCode.PermissionDenied, "Invalid api-key");
    }
}
