namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The local server's password, known only once its data directory is prepared (when the
/// resource starts): connection strings that use it wait for it. A published manifest has no
/// data directory to take it from, so there it is the secret parameter <c>{name}-password</c>
/// (a generated default, as Aspire's own PostgreSQL resource has), which the manifest writer
/// finds through <see cref="References"/>.
/// </summary>
public sealed class PendingPassword(ParameterResource published) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    private readonly TaskCompletionSource<string> _value = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ValueExpression => published.ValueExpression;

    public IEnumerable<object> References => [published];

    /// <summary>The password, or null before the data directory is prepared.</summary>
    public string? Value => _value.Task.IsCompletedSuccessfully ? _value.Task.Result : null;

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        new(_value.Task.WaitAsync(cancellationToken)!);

    public void Set(string password) => _value.TrySetResult(password);

    /// <summary>Preparing failed: whoever waits for the password gets why.</summary>
    public void Fail(Exception error) => _value.TrySetException(error);
}
