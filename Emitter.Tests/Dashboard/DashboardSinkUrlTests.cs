using System.Net;
using System.Net.Sockets;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.Embedding;
using LogLevel = Emitter.Generator.Model.LogLevel;

namespace Emitter.Tests.Dashboard;

/// <summary>A dashboard address with user information: the password never reaches a log line, an error or the summary.</summary>
public class DashboardSinkUrlTests
{
    private const string Password = "Dash-Secret-5521";

    [Fact]
    public async Task User_information_in_the_url_is_redacted_from_logs_and_errors()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // nothing listens there now: every write fails at once

        var logger = new CapturingLogger();
        var config = new SinkConfig(SinkTypes.Dashboard, "dashboard", OnFullPolicy.Drop, 16,
            SinkSettings.Of("config.yaml", "sinks[0]", [new("url", $"http://viewer:{Password}@127.0.0.1:{port}")]));
        await using var sink = SinkCatalog.Default.Create(config, new SinkServices(Stream.Null, new CapturingLoggerFactory(logger), TimeProvider.System));
        var entries = new[] { new LogEntry(Guid.CreateVersion7(), DateTimeOffset.UtcNow, "api", LogLevel.Info, new Emitter.Generator.Model.PoolMessage(0, "m", LogLevel.Info)) };

        var result = await sink.WriteAsync(new Batch(entries, 1, 1, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);

        var reason = result.DroppedReason; // a live view's loss: dropped with the reason, never thrown
        Assert.NotNull(reason);
        Assert.Contains($"127.0.0.1:{port}", reason);
        Assert.NotEmpty(logger.Lines);
        foreach (var text in logger.Lines.Append(reason))
        {
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain("viewer", text);
        }
    }

    [Fact]
    public void A_url_that_does_not_parse_is_not_echoed_when_it_may_hold_a_password()
    {
        var config = new SinkConfig(SinkTypes.Dashboard, "dashboard", OnFullPolicy.Drop, 16,
            SinkSettings.Of("config.yaml", "sinks[0]", [new("url", $"ftp://viewer:{Password}@host")]));
        var error = Assert.Throws<ConfigException>(() => SinkCatalog.Default.Create(config, new SinkServices(Stream.Null, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System)));
        Assert.Contains("sinks[0].url", error.Message);
        Assert.DoesNotContain(Password, error.Message);
    }
}
