using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Bench.Relevance;

/// <summary>The planted needles and their right answers: every entry planted with the needle's message.</summary>
public sealed class NeedleSet(IReadOnlyList<PoolMessage> needles, IReadOnlyDictionary<PoolMessage, HashSet<Guid>> planted, int copies)
{
    public static readonly NeedleSet Empty = new([], new Dictionary<PoolMessage, HashSet<Guid>>(), 1);

    public IReadOnlyList<PoolMessage> Needles { get; } = needles;
    public int Count => Needles.Count;
    public int Copies { get; } = copies;
    public IReadOnlySet<Guid> AnswersOf(PoolMessage needle) => planted[needle];
}
