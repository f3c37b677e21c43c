namespace Emitter.Generator.Pool;

/// <summary>
/// The domains a service can speak for (its <c>kind</c>), and how a kind is inferred from a
/// service's name when none is declared: the name's words (split at anything but letters and
/// digits) are matched against each domain's words, the domains tried in the order listed, so
/// "payment-gateway" is payments and "inventory-worker" inventory; no match gives generic.
/// </summary>
public static class ServiceDomains
{
    public const string Generic = "generic";

    /// <summary>Infrastructure every service logs (connections, caches, health): no domain's own.</summary>
    public const string Shared = "shared";

    /// <summary>What a caller logs about its callees in a traced request (timeouts, 5xx): drawn only by traces.</summary>
    public const string Upstream = "upstream";

    /// <summary>Kinds in inference order, each with the name words that select it.</summary>
    public static readonly IReadOnlyList<(string Kind, string[] Words)> Inference =
    [
        ("payments", ["payment", "payments", "pay", "billing", "invoice", "invoices", "ledger", "refund", "refunds"]),
        ("orders", ["order", "orders", "checkout", "cart", "basket"]),
        ("inventory", ["inventory", "stock", "warehouse", "fulfilment", "fulfillment"]),
        ("auth", ["auth", "identity", "login", "sso", "session", "sessions", "iam", "oauth"]),
        ("search", ["search", "catalog", "catalogue", "indexer", "query"]),
        ("notifications", ["notification", "notifications", "notify", "notifier", "email", "mail", "mailer", "sms", "push"]),
        ("gateway", ["gateway", "api", "edge", "ingress", "proxy", "bff", "frontend", "web"]),
        ("worker", ["worker", "workers", "job", "jobs", "cron", "scheduler", "batch", "consumer"]),
    ];

    /// <summary>Every kind a config may declare.</summary>
    public static readonly IReadOnlyList<string> Kinds = [.. Inference.Select(i => i.Kind), Generic];

    public static bool IsKind(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);

    public static string Infer(string serviceName)
    {
        var words = serviceName.ToLowerInvariant().Split(NonWord, StringSplitOptions.RemoveEmptyEntries);
        foreach (var (kind, kindWords) in Inference)
        {
            if (words.Any(kindWords.Contains)) return kind;
        }
        return Generic;
    }

    private static readonly char[] NonWord = [.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !char.IsAsciiLetterOrDigit(c))];
}
