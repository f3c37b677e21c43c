namespace Emitter.Generator.Pool;

/// <summary>
/// Word lists of a small online shop's microservices. Names shared by several levels stay
/// neutral (no "error", "retry", "slow"...) so a slot value never changes what a message means;
/// the words that carry a level live in the templates or in the level-specific slots of
/// <see cref="SlotCatalog"/>.
/// </summary>
internal static partial class Vocabulary
{
    public static readonly string[] Services =
    [
        "payment-gateway", "order-service", "inventory-service", "checkout-api", "auth-service",
        "user-profile", "notification-service", "shipping-service", "pricing-engine", "catalog-service",
        "search-api", "cart-service", "billing-worker", "invoice-service", "fraud-detector",
        "recommendation-engine", "email-dispatcher", "session-store", "ledger-service", "report-builder",
        "media-uploader", "geo-locator", "tax-calculator", "loyalty-service", "subscription-manager",
        "webhook-relay", "audit-logger", "identity-provider", "warehouse-sync", "refund-processor",
        "coupon-service", "review-service",
    ];

    public static readonly string[] Components =
    [
        "order repository", "kafka consumer", "redis cache", "http client", "grpc server",
        "job scheduler", "outbox relay", "connection pool", "token validator", "session manager",
        "event publisher", "search indexer", "blob uploader", "price calculator", "health probe",
        "metrics exporter", "migration runner", "template renderer", "rabbitmq listener", "webhook dispatcher",
        "cache warmer", "schema registry client", "s3 client", "feature flag client", "payment processor",
        "email sender", "pdf renderer", "image resizer", "saga orchestrator", "stock reservation handler",
    ];

    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] Tables =
    [
        "orders", "order_items", "payments", "customers", "invoices", "shipments", "inventory_levels",
        "products", "price_rules", "sessions", "refunds", "coupons", "addresses", "audit_events",
        "outbox_messages", "user_accounts", "subscriptions", "ledger_entries", "carts", "reviews",
        "stock_movements", "tax_rates", "warehouses", "loyalty_points",
    ];

    public static readonly string[] Topics =
    [
        "orders.created", "payments.settlements", "inventory.reserved", "shipments.dispatched",
        "users.signed-up", "invoices.issued", "carts.updated", "prices.changed", "refunds.requested",
        "notifications.queued", "audit.events", "search.reindex", "coupons.redeemed", "stock.adjusted",
    ];

    public static readonly string[] Queues =
    [
        "email-outbound", "sms-outbound", "invoice-render", "image-resize", "webhook-delivery",
        "report-export", "search-sync", "push-notifications", "ledger-postings", "label-printing",
        "price-import", "catalog-import",
    ];

    public static readonly string[] Jobs =
    [
        "nightly-invoice-run", "search-reindex", "cart-expiry-sweep", "ledger-reconciliation",
        "sitemap-build", "token-cleanup", "report-export", "stock-sync", "currency-rates-refresh",
        "abandoned-cart-mailer", "gdpr-erasure", "backup-snapshot", "price-import", "loyalty-accrual",
    ];

    public static readonly string[] Regions =
    [
        "eu-west-1", "eu-central-1", "us-east-1", "us-east-2", "us-west-2", "ap-southeast-1",
        "ap-northeast-1", "sa-east-1",
    ];

    public static readonly string[] Cities =
    [
        "Amsterdam", "Berlin", "Paris", "Madrid", "Milan", "Vienna", "Warsaw", "Prague", "Lisbon",
        "Dublin", "Copenhagen", "Stockholm", "Oslo", "Helsinki", "Brussels", "Zurich", "Lyon",
        "Hamburg", "Rotterdam", "Barcelona",
    ];

    public static readonly string[] Events =
    [
        "OrderCreated", "PaymentCaptured", "StockReserved", "ShipmentDispatched", "UserRegistered",
        "InvoiceIssued", "CartUpdated", "PriceChanged", "RefundRequested", "CouponRedeemed",
    ];

    public static readonly string[] Handlers =
    [
        "OrdersController.Create", "OrdersController.GetById", "CheckoutController.Submit",
        "PaymentsController.Capture", "CartController.AddItem", "CartController.RemoveItem",
        "ProductsController.Search", "InvoicesController.Download", "RefundsController.Create",
        "AuthController.Token", "UsersController.UpdateProfile", "ShipmentsController.Track",
        "CouponsController.Validate", "ReviewsController.Post", "WebhooksController.Stripe",
        "InventoryController.Reserve", "SubscriptionsController.Renew", "ReportsController.Daily",
    ];

    public static readonly string[] Flags =
    [
        "new-checkout-flow", "one-click-reorder", "dark-mode", "smart-recommendations",
        "express-shipping", "apple-pay", "split-payments", "guest-checkout", "loyalty-tiers",
        "instant-refunds", "address-autocomplete", "bulk-export",
    ];

    public static readonly string[] CacheNames =
    [
        "product", "session", "cart", "price", "user", "inventory", "coupon", "catalog", "tax-rate",
        "shipping-quote",
    ];
}
