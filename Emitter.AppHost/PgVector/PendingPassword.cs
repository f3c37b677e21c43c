namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The local server's password, known only once its data directory is prepared (when the
/// resource starts): connection strings that use it wait for it.
/// </summary>
public sealed class PendingPassword(string name) : IValueProvider, IManifestExpressionProvider
{
    private readonly TaskCompletionSource<string> _value = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ValueExpression => $"{{{name}.value}}";

    /// <summary>The password, or null before the data directory is prepared.</summary>
    public string? Value => _value.Task.IsCompletedSuccessfully ? _value.Task.Result : null;

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        new(_value.Task.WaitAsync(cancellationToken)!);

    public void Set(string password) => _value.TrySetResult(password);

    /// <summary>Preparing failed: whoever waits for the password gets why.</summary>
    public void Fail(Exception error) => _value.TrySetException(error);
}
