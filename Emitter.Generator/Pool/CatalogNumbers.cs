namespace Emitter.Generator.Pool;

/// <summary>The numeric and id slots of <see cref="SlotCatalog"/>.</summary>
internal static class CatalogNumbers
{
    public static void Register(Dictionary<string, Slot> s)
    {
        // Durations: fast calls in plain ms, slow ones (WARN) start above every SLO they are compared with.
        s["ms"] = new NumberSlot(2, 999);
        s["us"] = new NumberSlot(1, 999);
        s["fastMs"] = new NumberSlot(1, 49);
        s["slowMs"] = new NumberSlot(1_200, 9_999, grouped: true);
        s["sloMs"] = new WordSlot("250", "300", "500", "750", "1,000");
        s["startupMs"] = new NumberSlot(300, 4_999, grouped: true);
        s["gcMs"] = new NumberSlot(120, 1_999, grouped: true);
        s["gcDebugMs"] = new NumberSlot(1, 99);
        s["sec"] = new NumberSlot(1, 59);
        s["minutes"] = new NumberSlot(5, 180);
        s["days"] = new NumberSlot(1, 30);
        s["timeoutS"] = new WordSlot("5", "10", "15", "30", "60", "120");
        s["ttl"] = new WordSlot("30", "60", "300", "900", "3600");

        // Counts and sizes.
        s["count"] = new NumberSlot(1, 999);
        s["bigCount"] = new NumberSlot(1_000, 99_999, grouped: true);
        s["items"] = new NumberSlot(1, 40);
        s["rows"] = new NumberSlot(1, 9_999, grouped: true);
        s["bytes"] = new NumberSlot(120, 9_999, grouped: true);
        s["kb"] = new NumberSlot(1, 1_023);
        s["mbWhole"] = new NumberSlot(1, 999);
        s["tenth"] = new CodeSlot("", CodeSlot.Digit);
        s["amountWhole"] = new NumberSlot(1, 2_999, grouped: true);
        s["costWhole"] = new NumberSlot(1, 9_999);
        s["cents"] = new CodeSlot("", CodeSlot.Digit, CodeSlot.Digit);
        s["headerCount"] = new NumberSlot(4, 40);
        s["params"] = new NumberSlot(1, 12);
        s["queueLen"] = new NumberSlot(0, 999);
        s["workers"] = new WordSlot("8", "16", "32", "64", "128");
        s["idle"] = new NumberSlot(0, 50);
        s["active"] = new NumberSlot(1, 50);
        s["connNo"] = new NumberSlot(1, 512);
        s["poolSize"] = new WordSlot("10", "20", "25", "50", "100");
        s["memLimit"] = new WordSlot("256", "512", "1024", "2048", "4096");
        s["idx"] = new NumberSlot(0, 1_023);
        s["gen"] = new NumberSlot(0, 2);
        s["schemaVersion"] = new NumberSlot(1, 12);
        s["trialCalls"] = new NumberSlot(1, 10);
        s["attempts"] = new NumberSlot(3, 10);
        s["attemptOf"] = new WordSlot(AttemptsOf(maxAttempts: 6));
        s["jsonByte"] = new NumberSlot(0, 4_095);

        // Ratios and limits: WARN percentages sit above the thresholds they are compared with.
        s["pct"] = new NumberSlot(86, 99);
        s["diskThreshold"] = new WordSlot("75", "80", "85");
        s["hitPct"] = new NumberSlot(90, 99);
        s["lowPct"] = new NumberSlot(40, 79);
        s["ratio"] = new NumberSlot(10, 95);
        s["rolloutPct"] = new WordSlot("5", "10", "25", "50", "75", "100");
        s["riskScore"] = new NumberSlot(70, 99);
        s["lag"] = new NumberSlot(10_001, 99_999, grouped: true);
        s["lagThreshold"] = new WordSlot("1,000", "5,000", "10,000");

        // Network.
        s["partition"] = new NumberSlot(0, 63);
        s["port"] = new WordSlot("5432", "6379", "9092", "5672", "9200", "27017", "3306", "11211", "2379", "443",
            "8200", "8443");
        s["appPort"] = new WordSlot("8080", "8081", "5000", "3000", "9090", "50051");
        s["ipSubnet"] = new NumberSlot(0, 63);
        s["ipHost"] = new NumberSlot(2, 254);
        s["major"] = new NumberSlot(1, 4);
        s["minor"] = new NumberSlot(0, 24);
        s["patch"] = new NumberSlot(0, 12);
        s["clientName"] = new WordSlot("ios-app", "android-app", "web-checkout", "partner-api", "admin-console");

        // Identifiers: fixed-width codes, so millions of ids cost no memory.
        s["orderId"] = CodeSlot.Number("order-", 5);
        s["userId"] = CodeSlot.Number("user-", 6);
        s["shipmentId"] = CodeSlot.Number("shp-", 7);
        s["invoiceId"] = CodeSlot.Number("INV-", 6);
        s["tenantId"] = CodeSlot.Number("tenant-", 4);
        s["cacheKeyNum"] = CodeSlot.Number("", 5);
        s["offset"] = CodeSlot.Number("", 8);
        s["reqId"] = CodeSlot.Repeat("req-", CodeSlot.Hex, 6);
        s["txnId"] = CodeSlot.Repeat("txn-", CodeSlot.Hex, 6);
        s["msgId"] = CodeSlot.Repeat("msg-", CodeSlot.Hex, 8);
        s["spanId"] = CodeSlot.Repeat("", CodeSlot.Hex, 8);
        s["batchId"] = CodeSlot.Repeat("batch-", CodeSlot.Hex, 6);
        s["etag"] = CodeSlot.Repeat("", CodeSlot.Hex, 8);
        s["apiKey"] = CodeSlot.Repeat("key_", CodeSlot.Hex, 4);
        s["podSuffix"] = CodeSlot.Repeat("", CodeSlot.Kube, 5);
        s["objectHash"] = CodeSlot.Repeat("", CodeSlot.Hex, 6);
        s["folder"] = new WordSlot("uploads", "invoices", "exports", "thumbnails");
        s["fileExt"] = new WordSlot("jpg", "png", "webp", "pdf", "csv");
    }

    /// <summary>"2/3", "3/5"...: a retry is never attempt 1, and never beyond its maximum.</summary>
    private static string[] AttemptsOf(int maxAttempts) =>
    [
        .. from max in Enumerable.Range(3, maxAttempts - 2)
           from attempt in Enumerable.Range(2, max - 1)
           select $"{attempt}/{max}",
    ];
}
