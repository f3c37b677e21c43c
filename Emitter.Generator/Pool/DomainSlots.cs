namespace Emitter.Generator.Pool;

/// <summary>Slots only the domain templates use (<see cref="DomainTemplates"/>); the default templates never name them.</summary>
internal static class DomainSlots
{
    public static void Register(Dictionary<string, Slot> s)
    {
        // Payments: "declined" and its reasons belong to payments alone, so a search for them finds that service.
        // Soft declines (WARN: retried) never say a failure word; hard ones (ERROR) may.
        s["declineReason"] = new WordSlot("insufficient funds", "do not honor", "suspected fraud", "invalid CVC",
            "limit exceeded", "authentication required");
        s["hardDecline"] = new WordSlot("card expired", "card lost or stolen", "issuer unavailable", "insufficient funds",
            "do not honor", "suspected fraud", "account closed");
        s["cardBrand"] = new WordSlot("visa", "mastercard", "amex", "maestro", "discover", "jcb");
        s["last4"] = new CodeSlot("", CodeSlot.Digit, CodeSlot.Digit, CodeSlot.Digit, CodeSlot.Digit);
        s["paymentIntent"] = CodeSlot.Repeat("pi_", CodeSlot.Hex, 8);

        s["orderStateFrom"] = new WordSlot("created", "awaiting-payment", "paid");
        s["orderStateTo"] = new WordSlot("picking", "packed", "shipped-to-carrier", "delivered");
        s["orderTable"] = new WordSlot("orders", "order_items", "carts", "order_events");
        s["cartId"] = CodeSlot.Repeat("cart-", CodeSlot.Hex, 6);

        s["sku"] = CodeSlot.Number("SKU-", 6);
        s["warehouse"] = new WordSlot("AMS-1", "BER-2", "MAD-1", "WAW-3", "DUB-1", "LYS-2", "PRG-1");
        s["reservationId"] = CodeSlot.Repeat("rsv-", CodeSlot.Hex, 6);

        s["keyId"] = CodeSlot.Repeat("kid-", CodeSlot.Hex, 4);
        s["sessionId"] = CodeSlot.Repeat("sess-", CodeSlot.Hex, 6);
        s["authAttempts"] = new NumberSlot(5, 40);

        s["searchIndex"] = new WordSlot("products", "products-eu", "orders-archive", "help-articles", "sellers");
        s["searchTerm"] = new WordSlot("running shoes", "usb-c charger", "winter jacket", "coffee grinder",
            "gift card", "wireless earbuds", "yoga mat", "desk lamp", "kids bike", "espresso machine");

        s["pushPlatform"] = new WordSlot("apns", "fcm", "web-push");
        s["smsProvider"] = new WordSlot("twilio", "messagebird", "vonage", "sinch");

        s["gatewayCluster"] = new WordSlot("orders-v1", "payments-v2", "catalog-v1", "accounts-v1", "search-v3");
    }
}
