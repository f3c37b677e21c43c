using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>Creates the index with its mapping on first use; refuses one made for other vectors or another index_mode.</summary>
internal sealed class OpenSearchIndexSetup(OpenSearchRest rest, OpenSearchSinkOptions options, EmbeddingInfo embedding)
{
    public bool Created { get; private set; }

    /// <summary>One attempt: "not yet" when the server answered 429, 5xx or nothing (the setup profile waits it out).</summary>
    public async Task<Readiness> EnsureAsync(CancellationToken ct)
    {
        var exists = await rest.IndexAsync(HttpMethod.Head, "", null, ct).ConfigureAwait(false);
        if (exists.Status is not (200 or 404)) return Failure("check", exists);
        if (exists.Status == 404)
        {
            var create = await rest.IndexAsync(HttpMethod.Put, "", OpenSearchSchema.Index(embedding, options.IndexMode), ct).ConfigureAwait(false);
            // Another writer may have made it since we looked: then check it like any existing one.
            if (create.Status is >= 200 and < 300) Created = true;
            else if (create.Body?["error"]?["type"]?.GetValue<string>() != "resource_already_exists_exception") return Failure("create", create);
        }

        var mapping = await rest.IndexAsync(HttpMethod.Get, "/_mapping", null, ct).ConfigureAwait(false);
        if (mapping.Status != 200) return Failure("read the mapping of", mapping);
        var mappings = mapping.Body?[options.Index]?["mappings"] as JsonObject;
        if (OpenSearchSchema.Mismatch(options.Index, mappings, embedding, options.IndexMode) is { } problem) throw new ConfigException(problem);
        return Readiness.Ready;
    }

    /// <summary>"Not yet" for 429, 5xx or no answer; anything else the server meant stops setup.</summary>
    private Readiness Failure(string action, (int? Status, JsonNode? Body, string? Problem) answer)
    {
        var message = $"could not {action} OpenSearch index '{options.Index}' at {options.Url}: {OpenSearchRest.Describe(answer.Status, answer.Body, answer.Problem)}";
        return BulkWriter.Retryable(answer.Status) ? Readiness.NotYet(message) : throw new SinkSetupException(message);
    }
}
