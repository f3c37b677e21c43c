using System.Text.Json;
using Npgsql;

namespace Emitter.Performance.TextIndex;

/// <summary>How the planner reads the table for a query: EXPLAIN (FORMAT JSON), every scan node that touches it.</summary>
public static class TextIndexPlan
{
    /// <summary>The indexes scanned (names without the table prefix), or "Seq Scan" when the table is read whole.</summary>
    public static async Task<string> ScansAsync(NpgsqlConnection connection, string table, string sql, object[] parameters)
    {
        await using var command = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) {sql}", connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var json = (string)(await command.ExecuteScalarAsync())!;
        using var document = JsonDocument.Parse(json);
        var scans = new List<string>();
        Walk(document.RootElement[0].GetProperty("Plan"), table, scans);
        return string.Join(" + ", scans.Distinct());
    }

    private static void Walk(JsonElement node, string table, List<string> scans)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        if (node.TryGetProperty("Index Name", out var index))
            scans.Add(index.GetString()!.Replace(table + "_", "", StringComparison.Ordinal));
        else if (type is "Seq Scan" && node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == table)
            scans.Add("Seq Scan");
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray()) Walk(child, table, scans);
        }
    }
}
