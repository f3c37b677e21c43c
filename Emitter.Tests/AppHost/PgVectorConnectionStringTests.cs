using Aspire.Hosting.ApplicationModel;
using Npgsql;

namespace Emitter.Tests.AppHost;

/// <summary>
/// Issue 21, point 7: a configured Parameters:pgvector-password went unquoted into "Password=...;",
/// so "x;Host=elsewhere" sent the generator (and the password) to another host.
/// </summary>
public class PgVectorConnectionStringTests
{
    [Theory]
    [InlineData("x;Host=elsewhere")]
    [InlineData("a'b\"c;Port=1;Database=other")]
    [InlineData(" spaced = and ; ")]
    public void A_password_with_separators_stays_a_password(string password)
    {
        var built = new NpgsqlConnectionStringBuilder(LocalPgVectorConnectionString.Build(54321, password, "emitter"));
        TestContext.Current.TestOutputHelper?.WriteLine(built.ConnectionString);
        Assert.Equal("127.0.0.1", built.Host);
        Assert.Equal(54321, built.Port);
        Assert.Equal("emitter", built.Database);
        Assert.Equal(password, built.Password);
    }

    [Fact]
    public void The_local_resources_connection_string_is_the_builders()
    {
        var resource = new LocalPgVectorResource("pgvector", "postgres",
            new PendingPassword(new ParameterResource("pgvector-password", _ => "unused", secret: true)), "emitter");
        resource.Password.Set("x;Host=elsewhere");
        var provider = Assert.IsType<LocalPgVectorConnectionString>(Assert.Single(resource.ConnectionStringExpression.ValueProviders));
        Assert.Contains("Password={pgvector-password.value}", provider.ValueExpression);
        // Its value (once the endpoint is allocated) is LocalPgVectorConnectionString.Build's, checked above.
    }
}
