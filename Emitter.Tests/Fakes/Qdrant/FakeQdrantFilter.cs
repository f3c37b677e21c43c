using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// Payload filters as Qdrant v1.19.0 evaluates them (lib/segment/src/payload_storage/query_checker.rs,
/// condition_checker.rs): every <c>must</c>, at least one <c>should</c> when there are any, no
/// <c>must_not</c>; a keyword match holds when the field's value, or any element of an array value,
/// equals it; <c>match.any</c> when it equals one of the keywords. Other conditions (except, ranges,
/// geo, text, nested paths) are refused as Unimplemented, so a test cannot pass on a filter the fake ignored.
/// </summary>
internal static class FakeQdrantFilter
{
    /// <summary>Both filters at once: a query's filter is merged (AND) into its prefetches' (lib/shard/src/query/planned_query.rs).</summary>
    public static Filter? Merge(Filter? outer, Filter? inner)
    {
        if (outer is null) return inner;
        if (inner is null) return outer;
        var merged = new Filter();
        merged.Must.Add(new Condition { Filter = outer });
        merged.Must.Add(new Condition { Filter = inner });
        return merged;
    }

    public static bool Matches(Filter? filter, PointStruct point)
    {
        if (filter is null) return true;
        if (!filter.Must.All(c => Matches(c, point))) return false;
        if (filter.MustNot.Any(c => Matches(c, point))) return false;
        if (filter.MinShould is { } minShould) return filter.MinShould.Conditions.Count(c => Matches(c, point)) >= (int)minShould.MinCount;
        return filter.Should.Count == 0 || filter.Should.Any(c => Matches(c, point));
    }

    private static bool Matches(Condition condition, PointStruct point) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Filter => Matches(condition.Filter, point),
        Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Contains(point.Id),
        Condition.ConditionOneOfOneofCase.Field => Matches(condition.Field, point),
        _ => throw Unsupported(condition.ConditionOneOfCase.ToString()),
    };

    private static bool Matches(FieldCondition field, PointStruct point)
    {
        if (field.Match is not { } match) throw Unsupported($"field condition on '{field.Key}' without match");
        var values = point.Payload.TryGetValue(field.Key, out var value) ? Strings(value) : [];
        return match.MatchValueCase switch
        {
            Match.MatchValueOneofCase.Keyword => values.Contains(match.Keyword),
            Match.MatchValueOneofCase.Keywords => values.Any(match.Keywords.Strings.Contains),
            _ => throw Unsupported($"match.{match.MatchValueCase}"),
        };
    }

    private static string[] Strings(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => [value.StringValue],
        Value.KindOneofCase.ListValue => [.. value.ListValue.Values.Where(v => v.KindCase == Value.KindOneofCase.StringValue).Select(v => v.StringValue)],
        _ => [],
    };

    private static RpcException Unsupported(string what) =>
        FakeQdrantCollection.Error(StatusCode.Unimplemented, $"the fake Qdrant does not evaluate {what}");
}
