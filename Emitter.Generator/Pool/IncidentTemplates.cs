using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Pool;

/// <summary>Which stretch around an incident a message belongs to.</summary>
public enum IncidentPhase
{
    Precursor = 0,
    Incident = 1,
    Recovery = 2,
}

/// <summary>
/// Each incident kind's own messages, per phase: what a search for the incident should find.
/// The wording is the kind's (no default template says "connection pool exhausted"), and every
/// template is level-coherent like <see cref="LevelTemplates"/>.
/// </summary>
internal static class IncidentTemplates
{
    /// <summary>The kind's templates for one phase, <c>{service}</c> and the rest filled from <paramref name="catalog"/>.</summary>
    public static IReadOnlyList<MessageTemplate> For(IncidentKind kind, IncidentPhase phase, IReadOnlyDictionary<string, Slot> catalog) =>
        [.. Patterns(kind, phase).Select(t => new MessageTemplate(t.Level, t.Pattern, catalog))];

    private static (LogLevel Level, string Pattern)[] Patterns(IncidentKind kind, IncidentPhase phase) => (kind, phase) switch
    {
        (IncidentKind.DatabasePoolExhaustion, IncidentPhase.Precursor) => T(
            (LogLevel.Warn, "{service}: connection pool for {dbHost} at {pct}% of maximum size, {count} requests waiting for a connection"),
            (LogLevel.Warn, "{service}: slow connection checkout from {dbHost} pool: {slowMs}ms")),
        (IncidentKind.DatabasePoolExhaustion, IncidentPhase.Incident) => T(
            (LogLevel.Error, "{service}: connection pool exhausted for {dbHost}: timed out after {ms}ms waiting for a free connection ({active} active, 0 idle)"),
            (LogLevel.Error, "{service}: could not acquire a database connection to {dbHost} within {timeoutS}s, request {reqId} aborted"),
            (LogLevel.Warn, "{service}: {count} requests queued for a database connection to {dbHost}, pool exhausted")),
        (IncidentKind.DatabasePoolExhaustion, IncidentPhase.Recovery) => T(
            (LogLevel.Info, "{service}: connection pool for {dbHost} recovered, {idle} idle connections available"),
            (LogLevel.Info, "{service}: database connection wait time for {dbHost} back to normal ({fastMs}ms)")),

        (IncidentKind.DependencyTimeoutCascade, IncidentPhase.Precursor) => T(
            (LogLevel.Warn, "{service}: p99 latency to {endpoint} rising to {slowMs}ms"),
            (LogLevel.Warn, "{service}: retry budget for {endpoint} {pct}% spent")),
        (IncidentKind.DependencyTimeoutCascade, IncidentPhase.Incident) => T(
            (LogLevel.Error, "{service}: call to {endpoint} timed out after {timeoutS}s, timeout cascading to {request}"),
            (LogLevel.Error, "{service}: circuit breaker opened for {endpoint} after {attempts} consecutive timeouts"),
            (LogLevel.Warn, "{service}: request to {endpoint} retried after upstream timeout (attempt {attemptOf})")),
        (IncidentKind.DependencyTimeoutCascade, IncidentPhase.Recovery) => T(
            (LogLevel.Info, "{service}: circuit breaker closed for {endpoint}, calls succeeding again"),
            (LogLevel.Info, "{service}: latency to {endpoint} back under SLO ({ms}ms)")),

        (IncidentKind.MemoryPressure, IncidentPhase.Precursor) => T(
            (LogLevel.Warn, "{pod}: heap usage climbing to {pct}% after gen2 collection"),
            (LogLevel.Warn, "{pod}: allocation rate spike, gen2 GC pause {gcMs}ms")),
        (IncidentKind.MemoryPressure, IncidentPhase.Incident) => T(
            (LogLevel.Error, "{pod}: OutOfMemoryError allocating a {mb}MB buffer, request {reqId} failed"),
            (LogLevel.Error, "{pod}: container memory limit {memLimit}Mi reached, process restarting"),
            (LogLevel.Warn, "{pod}: memory pressure: evicted {bigCount} entries from {cacheName} cache")),
        (IncidentKind.MemoryPressure, IncidentPhase.Recovery) => T(
            (LogLevel.Info, "{pod}: heap usage back to {ratio}% after restart"),
            (LogLevel.Info, "{pod}: memory pressure relieved, {cacheName} cache refilling")),

        (IncidentKind.CertificateExpiry, IncidentPhase.Precursor) => T(
            (LogLevel.Warn, "{service}: certificate renewal for {domain} not completed, current certificate valid {days} more days"),
            (LogLevel.Warn, "{service}: ACME order for {domain} still pending after {attempts} attempts")),
        (IncidentKind.CertificateExpiry, IncidentPhase.Incident) => T(
            (LogLevel.Error, "{service}: x509: certificate has expired for {domain}, TLS handshake to {endpoint} rejected"),
            (LogLevel.Error, "{service}: SSL handshake failed with {domain}: certificate expired, {count} requests refused"),
            (LogLevel.Warn, "{service}: clients report certificate expired for {domain} ({count} handshake failures a minute)")),
        (IncidentKind.CertificateExpiry, IncidentPhase.Recovery) => T(
            (LogLevel.Info, "{service}: certificate for {domain} renewed, valid for {days} more days"),
            (LogLevel.Info, "{service}: TLS handshakes with {domain} succeeding again")),

        (IncidentKind.DeployRegression, IncidentPhase.Precursor) => T(
            (LogLevel.Info, "{service}: rolling deploy of version {semver} started, {count} pods to update"),
            (LogLevel.Info, "{pod}: new version {semver} passed its readiness probe")),
        (IncidentKind.DeployRegression, IncidentPhase.Incident) => T(
            (LogLevel.Error, "{service}: regression in version {semver}: {exception} in {handler} since the deploy ({reqId})"),
            (LogLevel.Error, "{pod}: error rate {pct}% after deploy of {semver}, above the rollback threshold"),
            (LogLevel.Warn, "{service}: canary {semver} failing {count} of its last 1000 requests")),
        (IncidentKind.DeployRegression, IncidentPhase.Recovery) => T(
            (LogLevel.Info, "{service}: rolled back to version {semver}, error rate back to normal"),
            (LogLevel.Info, "{service}: deploy of {semver} halted, previous release serving all traffic")),

        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static (LogLevel Level, string Pattern)[] T(params (LogLevel Level, string Pattern)[] templates) => templates;
}
