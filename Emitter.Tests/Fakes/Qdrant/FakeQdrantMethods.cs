using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Qdrant.Client.Grpc;
using QdrantGrpc = global::Qdrant.Client.Grpc.Qdrant;

namespace Emitter.Tests.Fakes;

/// <summary>
/// Binds the fake's handlers to the very method descriptors (names, marshallers, message
/// types) Qdrant.Client's generated code uses, so the client talks to it as to a real server.
/// Qdrant.Client ships no server stubs; the descriptors are private statics, read once here.
/// </summary>
internal sealed class FakeQdrantMethods : IServiceMethodProvider<FakeQdrantService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<FakeQdrantService> context)
    {
        Add<HealthCheckRequest, HealthCheckReply>(context, typeof(QdrantGrpc), "HealthCheck", (s, r, c) => s.Health(r, c));
        Add<CollectionExistsRequest, CollectionExistsResponse>(context, typeof(Collections), "CollectionExists", (s, r, c) => s.Exists(r, c));
        Add<CreateCollection, CollectionOperationResponse>(context, typeof(Collections), "Create", (s, r, c) => s.Create(r, c));
        Add<GetCollectionInfoRequest, GetCollectionInfoResponse>(context, typeof(Collections), "Get", (s, r, c) => s.Info(r, c));
        Add<DeleteCollection, CollectionOperationResponse>(context, typeof(Collections), "Delete", (s, r, c) => s.Delete(r, c));
        Add<CreateFieldIndexCollection, PointsOperationResponse>(context, typeof(Points), "CreateFieldIndex", (s, r, c) => s.CreateFieldIndex(r, c));
        Add<UpsertPoints, PointsOperationResponse>(context, typeof(Points), "Upsert", (s, r, c) => s.UpsertAsync(r, c));
        Add<CountPoints, CountResponse>(context, typeof(Points), "Count", (s, r, c) => s.Count(r, c));
        Add<GetPoints, GetResponse>(context, typeof(Points), "Get", (s, r, c) => s.Retrieve(r, c));
        Add<QueryPoints, QueryResponse>(context, typeof(Points), "Query", (s, r, c) => s.QueryAsync(r, c));
    }

    private static void Add<TRequest, TResponse>(ServiceMethodProviderContext<FakeQdrantService> context, Type service, string name,
        Func<FakeQdrantService, TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class where TResponse : class
    {
        var field = service.GetField("__Method_" + name, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Qdrant.Client no longer has a descriptor for {service.Name}.{name}");
        var method = (Method<TRequest, TResponse>)field.GetValue(null)!;
        context.AddUnaryMethod(method, [], (s, r, c) => handler(s, r, c));
    }
}
