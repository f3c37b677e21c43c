using static Emitter.Generator.Pool.Vocabulary;

namespace Emitter.Generator.Pool;

/// <summary>
/// Every slot a template may name. Number ranges are chosen so each message stays plausible on
/// its own (a lag always exceeds its threshold, a slow call always misses its SLO).
/// </summary>
internal static class SlotCatalog
{
    public static readonly IReadOnlyDictionary<string, Slot> Default = Create(Services);

    /// <summary>The catalog with <c>{service}</c> (and what is built on it) always naming <paramref name="service"/>: messages one service logs about itself.</summary>
    public static IReadOnlyDictionary<string, Slot> ForService(string service) => Create([service]);

    private static Dictionary<string, Slot> Create(string[] services)
    {
        var s = new Dictionary<string, Slot>(StringComparer.Ordinal);
        // Composites refer to slots registered above them.
        void Composite(string name, string pattern) => s[name] = new CompositeSlot(new SlotPattern(pattern, s));

        s["service"] = new WordSlot(services);
        s["component"] = new WordSlot(Components);
        s["method"] = new WordSlot(Methods);
        s["route"] = new WordSlot(Routes);
        s["table"] = new WordSlot(Tables);
        s["topic"] = new WordSlot(Topics);
        s["queue"] = new WordSlot(Queues);
        s["host"] = new WordSlot(Hosts);
        s["endpoint"] = new WordSlot(Endpoints);
        s["dbHost"] = new WordSlot(DatabaseHosts);
        s["replicaHost"] = new WordSlot(ReplicaHosts);
        s["dataVolume"] = new WordSlot(DataVolumes);
        s["slowFallback"] = new WordSlot(SlowFallbacks);
        s["request"] = new WordSlot([.. Requests.Select(r => r.Call)]);
        s["getRoute"] = new WordSlot([.. Requests.Where(r => r.Call.StartsWith("GET ", StringComparison.Ordinal)).Select(r => r.Call[4..])]);
        s["requestCompleted"] = new WordSlot([.. Requests.Select(r => $"{r.Call} completed {r.Ok}")]);
        s["requestOk"] = new WordSlot([.. Requests.Select(r => $"{r.Call} -> {r.Ok}")]);
        s["job"] = new WordSlot(Jobs);
        s["region"] = new WordSlot(Regions);
        s["city"] = new WordSlot(Cities);
        s["event"] = new WordSlot(Events);
        s["handler"] = new WordSlot(Handlers);
        s["flag"] = new WordSlot(Flags);
        s["cacheName"] = new WordSlot(CacheNames);
        s["domain"] = new WordSlot(Domains);

        s["status4xx"] = new WordSlot("400 Bad Request", "401 Unauthorized", "403 Forbidden", "404 Not Found",
            "409 Conflict", "422 Unprocessable Entity", "429 Too Many Requests");
        s["status5xx"] = new WordSlot("500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable",
            "504 Gateway Timeout");
        s["carrier"] = new WordSlot("DHL", "UPS", "FedEx", "PostNL", "DPD", "GLS", "Royal Mail", "Colissimo");
        s["currency"] = new WordSlot("EUR", "USD", "GBP", "CHF", "SEK", "PLN", "DKK", "NOK");
        s["psp"] = new WordSlot("stripe", "adyen", "paypal", "braintree", "mollie", "klarna", "checkout.com");
        s["mailProvider"] = new WordSlot("sendgrid", "ses", "mailgun", "postmark");
        s["emailTemplate"] = new WordSlot("order-confirmation", "password-reset", "welcome", "invoice-ready",
            "shipping-update", "weekly-digest", "review-request", "cart-reminder");
        s["authMethod"] = new WordSlot("password", "sso", "passkey", "google-oauth", "apple-id", "magic-link", "totp");
        s["scanType"] = new WordSlot("Index Scan", "Index Only Scan", "Seq Scan", "Bitmap Heap Scan", "Hash Join",
            "Nested Loop", "Merge Join");
        s["cacheResult"] = new WordSlot("hit", "miss");
        s["bool"] = new WordSlot("true", "false");
        s["scope"] = new WordSlot("orders:read", "orders:write", "payments:write", "profile:read", "catalog:read",
            "admin:all");
        s["dbUser"] = new WordSlot("svc_orders", "svc_payments", "svc_reporting", "app_rw", "app_ro", "migrator");
        s["grpcMethod"] = new WordSlot("inventory.v1.StockService/Reserve", "pricing.v1.PriceService/Quote",
            "tax.v1.TaxService/Calculate", "fraud.v1.RiskService/Score", "shipping.v1.RateService/Quote",
            "loyalty.v1.PointsService/Accrue", "catalog.v1.ItemService/Get", "ledger.v1.LedgerService/Post");
        s["operation"] = new WordSlot("db.query", "redis.get", "redis.set", "kafka.produce", "http.client",
            "grpc.call", "s3.put", "auth.verify", "template.render", "json.serialize");
        s["bucket"] = new WordSlot("media-prod", "invoices-archive", "exports-tmp", "product-images", "backups-daily");
        s["sagaStep"] = new WordSlot("reserve-stock", "charge-payment", "create-shipment", "issue-invoice",
            "award-points");

        // ERROR-only wording: these may say what went wrong.
        s["exception"] = new WordSlot("NullReferenceException", "TimeoutException", "SqlException", "IOException",
            "HttpRequestException", "InvalidOperationException", "KeyNotFoundException", "TaskCanceledException",
            "SocketException", "DbUpdateConcurrencyException", "JsonException", "ArgumentNullException",
            "ObjectDisposedException", "OutOfMemoryException", "UnauthorizedAccessException", "FormatException");
        s["pspError"] = new WordSlot("gateway timeout", "invalid merchant credentials", "idempotency key reused",
            "upstream 502 from acquirer", "malformed 3-D Secure response", "currency unsupported by merchant account");
        s["kafkaError"] = new WordSlot("NOT_LEADER_OR_FOLLOWER", "MESSAGE_TOO_LARGE", "BROKER_NOT_AVAILABLE",
            "REQUEST_TIMED_OUT", "RECORD_LIST_TOO_LARGE", "TOPIC_AUTHORIZATION_FAILED", "UNKNOWN_TOPIC_OR_PARTITION",
            "NETWORK_EXCEPTION");
        s["jsonProblem"] = new WordSlot("unexpected end of input", "invalid character", "unterminated string",
            "missing required property 'id'", "expected number");

        CatalogNumbers.Register(s);
        DomainSlots.Register(s);

        Composite("ip", "10.0.{ipSubnet}.{ipHost}");
        Composite("amount", "{amountWhole}.{cents}");
        Composite("semver", "{major}.{minor}.{patch}");
        Composite("mb", "{mbWhole}.{tenth}");
        Composite("cost", "{costWhole}.{cents}");
        Composite("pod", "{service}-{podSuffix}");
        Composite("cacheKey", "{cacheName}:{cacheKeyNum}");
        Composite("objectKey", "{folder}/{objectHash}.{fileExt}");
        Composite("clientApp", "{clientName}/{semver}");
        Composite("jsonError", "{jsonProblem} at byte {jsonByte}");
        return s;
    }
}
