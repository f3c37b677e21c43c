using Elastic.Clients.Elasticsearch;
using Elastic.Transport.Products.Elasticsearch;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>Creates the index with its mapping on first use; refuses one made for other vectors.</summary>
internal sealed class ElasticsearchIndexSetup(ElasticsearchClient client, ElasticsearchSinkOptions options, EmbeddingInfo embedding)
{
    public bool Created { get; private set; }

    /// <summary>One attempt: "not yet" when the server answered 429, 5xx or nothing (the setup profile waits it out).</summary>
    public async Task<Readiness> EnsureAsync(CancellationToken cancellationToken)
    {
        if (await RequireVersionAsync(cancellationToken).ConfigureAwait(false) is { NotReadyReason: not null } notYet) return notYet;
        var exists = await client.Indices.ExistsAsync(options.Index, cancellationToken).ConfigureAwait(false);
        if (exists.ApiCallDetails.HttpStatusCode is not (200 or 404)) return Failure("check", exists);
        if (!exists.Exists)
        {
            var create = await client.Indices.CreateAsync(ElasticsearchSchema.Index(options.Index, embedding, options.IndexOptions, options.IndexMode), cancellationToken).ConfigureAwait(false);
            // Another writer may have made it since we looked: then check it like any existing one.
            if (create.IsValidResponse) Created = true;
            else if (create.ElasticsearchServerError?.Error?.Type != "resource_already_exists_exception") return Failure("create", create);
        }

        var mapping = await client.Indices.GetMappingAsync(new Elastic.Clients.Elasticsearch.IndexManagement.GetMappingRequest(options.Index), cancellationToken).ConfigureAwait(false);
        if (!mapping.IsValidResponse) return Failure("read the mapping of", mapping);
        var mappings = mapping.Mappings.TryGetValue(options.Index, out var record) ? record.Mappings : null;
        if (ElasticsearchSchema.Mismatch(options.Index, mappings, embedding, options.IndexMode) is { } problem) throw new ConfigException(problem);
        return Readiness.Ready;
    }

    /// <summary>An index_options type newer than some 9.x servers: the server's version (<c>GET /</c>) must be at least its minimum.</summary>
    private async Task<Readiness> RequireVersionAsync(CancellationToken cancellationToken)
    {
        if (!options.IndexMode.HasVectors() || ElasticsearchIndexOptions.MinimumServer(options.IndexOptions) is not { } minimum) return Readiness.Ready;
        var info = await client.InfoAsync(cancellationToken).ConfigureAwait(false);
        if (!info.IsValidResponse) return Failure(info, $"could not read the version of Elasticsearch at {options.Url}");
        var number = info.Version.Number;
        var core = new string(number.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        if (Version.TryParse(core, out var version) && version >= minimum) return Readiness.Ready;
        var name = ElasticsearchIndexOptions.Name(options.IndexOptions);
        throw new SinkSetupException($"Elasticsearch at {options.Url} is version {number}, but index_options {name} needs Elasticsearch {minimum} or newer "
            + $"(older servers do not know the {name} index type): upgrade the server or choose another index_options");
    }

    private Readiness Failure(string action, ElasticsearchResponse response) =>
        Failure(response, $"could not {action} Elasticsearch index '{options.Index}' at {options.Url}");

    /// <summary>"Not yet" for 429, 5xx or no answer; anything else the server meant stops setup.</summary>
    private static Readiness Failure(ElasticsearchResponse response, string what)
    {
        var message = $"{what}: {ElasticsearchClients.Describe(response)}";
        return Bulk.BulkWriter.Retryable(response.ApiCallDetails.HttpStatusCode)
            ? Readiness.NotYet(message)
            : throw new SinkSetupException(message);
    }
}
