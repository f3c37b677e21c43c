namespace Emitter.Generator.Pool;

/// <summary>Hosts, endpoints and HTTP calls, kept consistent with each other.</summary>
internal static partial class Vocabulary
{
    public static readonly string[] Routes =
    [
        "/api/orders", "/api/orders/history", "/api/payments", "/api/users/me", "/api/cart/items",
        "/api/products", "/api/products/search", "/api/invoices", "/api/shipments", "/api/auth/token",
        "/api/auth/refresh", "/api/inventory/reserve", "/api/checkout", "/api/refunds", "/api/subscriptions",
        "/api/notifications", "/api/reviews", "/api/coupons/validate", "/api/addresses", "/api/reports/daily",
        "/api/webhooks/stripe", "/v2/catalog/items", "/v2/prices", "/v1/sessions", "/api/recommendations",
        "/api/wishlist", "/api/loyalty/points", "/api/tax/quote", "/api/search/suggest", "/api/media/upload",
    ];

    /// <summary>Hosts with the port their server listens on, so "redis-main:9092" never happens.</summary>
    public static readonly string[] Endpoints =
    [
        "pg-primary:5432", "pg-replica-1:5432", "pg-replica-2:5432", "redis-main:6379", "redis-replica-1:6379",
        "kafka-0:9092", "kafka-1:9092", "kafka-2:9092", "rabbitmq-0:5672", "rabbitmq-1:5672", "es-data-0:9200",
        "es-data-1:9200", "es-data-2:9200", "mongo-0:27017", "mongo-1:27017", "etcd-0:2379", "minio-0:9000",
        "smtp-relay:587", "vault-0:8200", "memcached-0:11211",
    ];

    public static readonly string[] Hosts = [.. Endpoints.Select(e => e[..e.IndexOf(':')])];

    public static readonly string[] DatabaseHosts = ["pg-primary", "pg-replica-1", "pg-replica-2", "mongo-0", "mongo-1"];

    public static readonly string[] ReplicaHosts = ["pg-replica-1", "pg-replica-2", "redis-replica-1", "mongo-1"];

    /// <summary>API calls with the status a success answers, "POST /api/orders" with 201.</summary>
    public static readonly (string Call, int Ok)[] Requests =
    [
        ("GET /api/orders", 200), ("POST /api/orders", 201), ("GET /api/orders/history", 200),
        ("POST /api/payments", 201), ("GET /api/users/me", 200), ("PATCH /api/users/me", 200),
        ("POST /api/cart/items", 201), ("DELETE /api/cart/items", 204), ("GET /api/products", 200),
        ("GET /api/products/search", 200), ("GET /api/invoices", 200), ("GET /api/shipments", 200),
        ("POST /api/auth/token", 200), ("POST /api/auth/refresh", 200), ("POST /api/inventory/reserve", 201),
        ("POST /api/checkout", 202), ("POST /api/refunds", 202), ("GET /api/subscriptions", 200),
        ("PUT /api/subscriptions", 200), ("GET /api/notifications", 200), ("POST /api/reviews", 201),
        ("POST /api/coupons/validate", 200), ("GET /api/addresses", 200), ("PUT /api/addresses", 200),
        ("DELETE /api/addresses", 204), ("GET /api/reports/daily", 200), ("POST /api/webhooks/stripe", 200),
        ("GET /v2/catalog/items", 200), ("PUT /v2/catalog/items", 200), ("GET /v2/prices", 200),
        ("POST /v1/sessions", 201), ("DELETE /v1/sessions", 204), ("GET /api/recommendations", 200),
        ("GET /api/wishlist", 200), ("POST /api/wishlist", 201), ("GET /api/loyalty/points", 200),
        ("POST /api/tax/quote", 200), ("GET /api/search/suggest", 200), ("POST /api/media/upload", 201),
        ("DELETE /api/wishlist", 204),
    ];

    /// <summary>What a service does when a dependency is slow: the dependency and its fallback agree.</summary>
    public static readonly string[] SlowFallbacks =
    [
        "pricing-engine slow to respond, serving default prices",
        "recommendation-engine slow to respond, serving static recommendations",
        "pg-primary slow to respond, reading from pg-replica-1",
        "geo-locator slow to respond, using region from the CDN header",
        "tax-calculator slow to respond, using cached tax rates",
        "search-api slow to respond, serving stale suggestions",
        "fraud-detector slow to respond, applying the default risk rules",
        "shipping-service slow to respond, quoting flat-rate shipping",
    ];

    /// <summary>Data volumes with the host that mounts them.</summary>
    public static readonly string[] DataVolumes =
    [
        "pg-primary:/var/lib/postgresql/data", "pg-replica-1:/var/lib/postgresql/data", "kafka-0:/var/lib/kafka",
        "kafka-2:/var/lib/kafka", "es-data-1:/usr/share/elasticsearch/data", "mongo-0:/data/db",
        "minio-0:/export", "rabbitmq-1:/var/lib/rabbitmq",
    ];

    public static readonly string[] Domains =
    [
        "api.shop.example", "payments.example.net", "auth.example.com", "cdn.example.org",
        "partner.example.io", "search.example.com", "mail.example.net", "hooks.example.org",
    ];
}
