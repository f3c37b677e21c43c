namespace Emitter.Generator.Configuration;

/// <summary>A service's <c>shape</c>: constant (the default), ramp, steps, bursts or daily.</summary>
internal static class ShapeSection
{
    /// <summary>Null for constant.</summary>
    /// <param name="runSecs">The run's duration (0: unbounded), the default span of a ramp or a day.</param>
    public static RateShape? Read(YamlMap? map, double runSecs)
    {
        if (map is null) return null;
        var kind = map.String("kind")?.Trim().ToLowerInvariant();
        switch (kind)
        {
            case null or "" or "constant":
                map.OnlyKeys("kind");
                return null;
            case "ramp":
                map.OnlyKeys("kind", "from", "to", "over_secs");
                return new RampShape(Multiplier(map, "from", 0), Multiplier(map, "to", 1), Span(map, "over_secs", runSecs));
            case "steps":
                map.OnlyKeys("kind", "steps");
                return new StepsShape(Steps(map));
            case "bursts":
                map.OnlyKeys("kind", "every_secs", "burst_secs", "multiplier", "base");
                var every = Span(map, "every_secs", 0);
                var burst = Span(map, "burst_secs", 0);
                if (burst >= every) throw map.Error("burst_secs", $"must be shorter than every_secs ({every}), got {burst}");
                return new BurstsShape(every, burst, Multiplier(map, "multiplier", 5), Multiplier(map, "base", 1));
            case "daily":
                map.OnlyKeys("kind", "period_secs", "low", "high");
                var low = Multiplier(map, "low", 0.2);
                var high = Multiplier(map, "high", 1);
                if (high < low) throw map.Error("high", $"must be at least low ({low}), got {high}");
                return new DailyShape(Span(map, "period_secs", runSecs), low, high);
            default:
                throw map.Error("kind", $"unknown shape {map.Shown("kind")} (expected constant, ramp, steps, bursts or daily)");
        }
    }

    private static double Multiplier(YamlMap map, string key, double fallback)
    {
        var value = map.Double(key) ?? fallback;
        return value is >= 0 and <= 1e6 ? value : throw map.Error(key, $"a rate multiplier from 0 to 1,000,000, got {value}");
    }

    /// <summary>A positive number of seconds; <paramref name="fallback"/> 0 means the key is required.</summary>
    private static double Span(YamlMap map, string key, double fallback)
    {
        var value = map.Double(key) ?? (fallback > 0 ? fallback
            : throw ConfigException.At(map.File, map.Line, map.Key(key), "missing: seconds (required when the run has no run_duration_secs to default to)"));
        return value is > 0 and <= ConfigLoader.MaxSeconds ? value : throw map.Error(key, $"must be more than 0 and at most {ConfigLoader.MaxSeconds:0} seconds, got {value}");
    }

    private static List<(double, double)> Steps(YamlMap map)
    {
        var items = map.Sequence("steps");
        if (items is null || items.Count == 0) throw ConfigException.At(map.File, map.Line, map.Key("steps"), "list at least one {at_secs, multiplier}");
        var steps = new List<(double, double)>();
        for (var i = 0; i < items.Count; i++)
        {
            var step = YamlMap.From(items[i], $"{map.Key("steps")}[{i}]", map.File);
            step.OnlyKeys("at_secs", "multiplier");
            var at = step.Double("at_secs") ?? throw ConfigException.At(map.File, step.Line, step.Key("at_secs"), "missing: seconds since the start");
            if (at < 0 || (steps.Count > 0 && at <= steps[^1].Item1))
                throw step.Error("at_secs", $"steps go forward in time from 0, got {at}");
            steps.Add((at, Multiplier(step, "multiplier", 1)));
        }
        return steps;
    }
}
