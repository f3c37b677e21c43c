using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Configuration;

/// <summary>
/// Valid configs broken at random (keys, values, types, indentation, YAML syntax), seeded: each
/// one loads (and its sinks are made, as the program does before anything starts) or is refused
/// with a <see cref="ConfigException"/> of one line; no other exception, and no planted secret
/// in the message. EMITTER_CONFIG_FUZZ=N runs N mutations instead of the CI's count.
/// </summary>
public class ConfigFuzzTests
{
    private const int Seed = 20261201;
    private const string FileSecret = "Planted-File-Secret-7391";
    private const string EnvSecret = "Planted-Env-Secret-2846";

    private static readonly string Rich = $$"""
        seed: 42
        buffer_size: 500          # entries per batch
        flush_interval_ms: 250
        run_duration_secs: 10
        shutdown_grace_secs: 5
        message_pool_size: 64
        embedding:
          provider: openai
          api_key: {{FileSecret}}
          model: text-embedding-3-small
          dimensions: 256
          base_url: http://localhost:8080/v1
          jitter: 0.02
          cache_dir: /tmp/emitter-fuzz-cache
          cache_max_mb: 64
        sinks:
          - type: stdout
            format: json
            include_embedding: false
            on_full: drop
            queue_capacity: 8
          - type: "null"
            name: blackhole
          - type: pgvector
            host: db.internal
            port: 5432
            user: writer
            password: ${PG_PASSWORD}
            table_name: logs
            write_mode: unnest
            parallelism: 2
          - type: dashboard
            url: http://viewer:{{FileSecret}}@localhost:3000
            timeout_ms: 500
        services:
          - name: api
            rate_per_sec: 100
            arrival: uniform
            level_weights: { debug: 0.1, info: 0.7, warn: 0.15, error: 0.05 }
          - name: 'worker #2'
            rate_per_sec: 0.5
            level_weights:
              info: 1
              error: 1
        """;

    private static readonly string Stores = $$"""
        embedding:
          api_key: ${OPENAI_API_KEY:-}
        sinks:
          - type: qdrant
            url: http://localhost:6334
            api_key: {{FileSecret}}
            collection_name: logs
          - type: elasticsearch
            url: http://localhost:9200
            user: elastic
            password: ${PG_PASSWORD}
            index_name: logs
          - type: pgvector
            connection_string: "postgres://writer:{{FileSecret}}@db:5432/logs?sslmode=require"
            table_name: other
        services: [{name: a, rate_per_sec: 1}, {name: b, rate_per_sec: 2.5, arrival: poisson}]
        """;

    // Issue 21, point 4: the bench section, whose numbers were unbounded.
    private static readonly string Bench = $$"""
        seed: 7
        buffer_size: 200
        sinks:
          - type: "null"
            queue_capacity: 4
        services: [{name: a, rate_per_sec: 5}]
        bench:
          preseed_entries: 100
          build_indexes_after_preseed: true
          phases:
            - {name: steady, duration_secs: 30, write_rate: 1}
            - name: heavy
              duration_secs: 20.5
              write_rate: 4
          queries:
            list: [disk full, "timeout *"]
            modes: [vector, hybrid]
            top_k: 10
            rate_per_sec: 20
            warmup: 5
            max_outstanding: 100
            burst: {size: 50, concurrency: 5}
          freshness: {interval_ms: 500, max_wait_secs: 30, probe_interval_ms: 50}
          relevance: {needles: 3, copies: 5, interval_ms: 1000}
        """;

    private static readonly string[] Values =
    [
        "", "0", "-1", "1", "3.5", "nan", ".nan", "inf", "-inf", ".inf", "1e-300", "1e308", "-1e308", "99999999999999999999999",
        "2147483648", "4294967296", "5000000", "[1, 2]", "{a: 1}", "[", "{", "]", "}", "*ref", "&anchor", "&a value", "!!binary AAAA",
        "!!int x", "!custom 3", "'", "\"", "'unclosed", "\"a\\q\"", "~", "null", "true", "yes", "|", ">", "@", "`", "%", "- x",
        "? x", "a: b", "a #b", "${UNSET_FUZZ_VAR}", "${FUZZ_NUMBER}", "${FUZZ_TEXT}", "x${FUZZ_NUMBER}", "${UNSET_FUZZ_VAR:-}", "$${X}", "${", "${1BAD}", "stdout",
        "pgvector", "dashboard", "http://u:p@[::1", "postgres://", "\t", "\u00e9\u0000", new string('9', 400),
        // Numeric extremes: past int, past the timers (~49.7 days), past memory.
        "1e20", "1e12", "-1e20", "2000000000", "2147483647", "-2147483648", "4294967", "4294968", "2073601", "86400000", "1e-9", "0.000001", "-0", "1_000_000_000",
    ];

    private static readonly string[] Keys =
    [
        "seed", "buffer_size", "services", "sinks", "embedding", "type", "name", "rate_per_sec", "level_weights", "url",
        "port", "<<", "duration_secs", "max_wait_secs", "interval_ms", "write_rate", "preseed_entries", "queue_capacity", "flush_interval_ms",
        "probe_interval_ms", "concurrency", "warmup", "max_outstanding", "needles", "copies", "top_k", "? [a, b]", "? {a: 1}", "*ref", "&k key", "\"quoted\"", "''", "-", "- name", "!!str tagged", "typo_key",
    ];

    private const string Syntax = "[]{}:,#&*!|>'\"%@`-?\t";

    public static IEnumerable<string> Sources()
    {
        yield return File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config.yaml"));
        yield return Rich;
        yield return Stores;
        yield return Bench;
    }

    [Fact]
    public void Every_mutated_config_loads_or_is_refused_in_one_line_without_its_secrets()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("EMITTER_CONFIG_FUZZ"), out var n) ? n : 3000;
        var random = new Random(Seed);
        var sources = Sources().Select(s => s.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')).ToArray();
        var directory = Directory.CreateTempSubdirectory("emitter-fuzz-");
        var path = Path.Combine(directory.FullName, "fuzz.yaml");
        var outcomes = new Dictionary<string, int>();
        var failures = new Dictionary<string, string>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var lines = sources[random.Next(sources.Length)].ToList();
                var mutations = random.Next(1, 4);
                for (var m = 0; m < mutations; m++) Mutate(lines, random, sources);
                var yaml = string.Join('\n', lines);
                File.WriteAllText(path, yaml);

                var outcome = Run(path);
                outcomes[outcome.Kind] = outcomes.GetValueOrDefault(outcome.Kind) + 1;
                // The first case of each kind of problem (by its opening words), so one run shows them all.
                if (outcome.Message is { } message && Problem(outcome.Kind, message, lines) is { } problem)
                    failures.TryAdd(problem[..Math.Min(problem.Length, 50)], $"case {i}: {problem}\n--- config ---\n{yaml}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Values.Take(8)));
        // Both outcomes occur, so the mutations neither break everything nor nothing.
        Assert.True(outcomes.GetValueOrDefault("loaded") > count / 50, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("refused") > count / 2, string.Join(", ", outcomes));
    }

    private static string? Problem(string kind, string message, List<string> lines)
    {
        if (kind != "refused") return $"{kind}: {message}";
        if (!message.StartsWith("fuzz.yaml", StringComparison.Ordinal)) return $"does not name the file: '{message}'";
        if (message.TrimEnd().Contains('\n')) return $"more than one line: '{message}'";
        if (message.Contains(EnvSecret, StringComparison.Ordinal)) return $"the variable's secret is shown: '{message}'";
        if (lines.Any(l => l.Contains(FileSecret, StringComparison.Ordinal) && SecretLine(l)) && message.Contains(FileSecret, StringComparison.Ordinal))
            return $"the secret is shown: '{message}'";
        return null;
    }

    /// <summary>A line where the file's secret still sits under a key meant for secrets.</summary>
    private static bool SecretLine(string line) =>
        line.TrimStart().StartsWith("api_key:", StringComparison.Ordinal) || line.TrimStart().StartsWith("password:", StringComparison.Ordinal)
        || line.Contains("url:", StringComparison.Ordinal) || line.Contains("connection_string:", StringComparison.Ordinal);

    private static (string Kind, string? Message) Run(string path)
    {
        var loader = new ConfigLoader(
            name => name switch { "PG_PASSWORD" => EnvSecret, "FUZZ_NUMBER" => "12", "FUZZ_TEXT" => "*not syntax #1: [x]", _ => null },
            _ => null,
            SinkCatalog.Default.Types);
        var services = new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);
        try
        {
            var config = loader.Load(path, new ConfigOverrides());
            foreach (var sink in config.Sinks) SinkCatalog.Default.Create(sink, services).DisposeAsync().AsTask().GetAwaiter().GetResult();
            return Unbounded(config) is { } unbounded ? ("unbounded", unbounded) : ("loaded", null);
        }
        catch (ConfigException e)
        {
            return ("refused", e.Message);
        }
        catch (Exception e)
        {
            return (e.GetType().Name, e.ToString());
        }
    }

    /// <summary>A loaded config whose numbers memory or the run's timers cannot take (null: none).</summary>
    private static string? Unbounded(EmitterConfig config)
    {
        if (config.BufferSize > ConfigLoader.MaxBufferSize) return $"buffer_size {config.BufferSize}";
        if (config.FlushIntervalMs > ConfigLoader.MaxFlushIntervalMs) return $"flush_interval_ms {config.FlushIntervalMs}";
        if (config.Sinks.FirstOrDefault(s => s.QueueCapacity > SinkConfig.MaxQueueCapacity) is { } sink) return $"queue_capacity {sink.QueueCapacity}";
        if (config.Bench is not { } bench) return null;
        if (bench.Duration.TotalSeconds > ConfigLoader.MaxSeconds) return $"bench phases {bench.Duration}";
        if (bench.Freshness.MaxWaitSecs > 3600) return $"max_wait_secs {bench.Freshness.MaxWaitSecs}";
        if (bench.Phases.Any(p => p.WriteRate > 1000)) return "write_rate";
        if (bench.Queries.RatePerSec > 100_000) return $"rate_per_sec {bench.Queries.RatePerSec}";
        return null;
    }

    private static void Mutate(List<string> lines, Random random, string[][] sources)
    {
        if (lines.Count == 0)
        {
            lines.Add(Values[random.Next(Values.Length)]);
            return;
        }
        var at = random.Next(lines.Count);
        var line = lines[at];
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        switch (random.Next(11))
        {
            case 0: lines.RemoveAt(at); break;
            case 1: lines.Insert(at, line); break;
            case 2 when colon > 0: lines[at] = line[..(colon + 2)] + Values[random.Next(Values.Length)]; break;
            case 3 when colon > 0:
                // A key that held a secret keeps its own name (typo'd), so the secret stays where secrets belong.
                var indent = line[..(line.Length - line.TrimStart(' ', '-').Length)];
                var key = SecretLine(line) ? line.Trim(' ', '-')[..2] + "_typo" : Keys[random.Next(Keys.Length)];
                lines[at] = indent + key + line[colon..];
                break;
            case 4: lines[at] = random.Next(2) == 0 ? "  " + line : line.TrimStart(); break;
            case 5:
                var position = random.Next(line.Length + 1);
                lines[at] = line[..position] + Syntax[random.Next(Syntax.Length)] + line[position..];
                break;
            case 6: lines.RemoveRange(at, lines.Count - at); break;
            case 7:
                var other = random.Next(lines.Count);
                (lines[at], lines[other]) = (lines[other], lines[at]);
                break;
            case 8:
                var source = sources[random.Next(sources.Length)];
                lines.Insert(at, source[random.Next(source.Length)]);
                break;
            case 9 when colon > 0:
                // Anchors, aliases and merge keys: YAML's own references.
                lines[at] = line[..(colon + 2)] + "&a " + line[(colon + 2)..];
                lines.Insert(random.Next(lines.Count + 1), random.Next(2) == 0 ? "<<: *a" : "alias: *a");
                break;
            case 10:
                var depth = random.Next(1, 60);
                lines[at] = (colon > 0 ? line[..(colon + 2)] : "deep: ") + new string('[', depth) + new string(']', random.Next(depth + 1));
                break;
        }
    }
}
