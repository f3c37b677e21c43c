namespace Emitter.Generator.Sinks;

/// <summary>A search error that may carry the store's HTTP status: with one, the store answered (refused); without, it did not.</summary>
public interface ISearchAnswer
{
    int? Status { get; }
}
