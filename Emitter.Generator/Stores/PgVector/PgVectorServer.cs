using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// The connection string and the ways to speak of it without its password: every message the
/// sink produces passes through <see cref="Mask"/>.
/// </summary>
public sealed class PgVectorServer(NpgsqlConnectionStringBuilder builder)
{
    private const string Masked = "***";

    public string ConnectionString { get; } = builder.ConnectionString;

    /// <summary>"postgres@127.0.0.1:5432/emitter": enough to know which server, nothing secret.</summary>
    public string Description { get; } = $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";

    private readonly string? _password = string.IsNullOrEmpty(builder.Password) ? null : builder.Password;

    public string Mask(string text) =>
        _password is null ? text : text.Replace(_password, Masked, StringComparison.Ordinal);

    public override string ToString() => Description;
}
