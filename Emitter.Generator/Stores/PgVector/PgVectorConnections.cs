using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>Whose connections a pgvector sink writes through, decided once when its options are bound.</summary>
public enum PgVectorConnections
{
    /// <summary>Its own data source, built from the server its settings name.</summary>
    Own,

    /// <summary>
    /// The app host's: the sink was announced by ConnectionStrings:pgvector, for which Aspire.Npgsql
    /// registered a data source (with its health check, traces and metrics); own connections when none is registered.
    /// </summary>
    AppHost,
}
