namespace Emitter.Performance;

/// <summary>The few switches of the end-to-end modes (read by <see cref="BenchmarkCommand"/>, defaults per mode).</summary>
public sealed record EndToEndOptions(int? Cores, double Seconds, int Dimensions, long Entries, int Count, double Rate, int Clients, string Url);
