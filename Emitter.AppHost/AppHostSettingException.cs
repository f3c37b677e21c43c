namespace Emitter.AppHost;

/// <summary>A bad <c>Emitter:*</c> setting (Bench, Replicas): the app host prints the message and exits 2.</summary>
public sealed class AppHostSettingException(string message) : Exception(message);
