namespace Emitter.Tests.Faults;

/// <summary>
/// Finds the server's ReadyForQuery ('Z', length 5, a status byte of I, T or E) in the bytes
/// that follow a commit: the server sends it only once the commit is done. The bytes are
/// scanned rather than framed; the other answers to a commit (CommandComplete "COMMIT", or
/// ParseComplete, BindComplete, CommandComplete "INSERT 0 n") cannot hold that sequence.
/// </summary>
public sealed class ReadyForQuerySpotter
{
    private static readonly byte[] Header = [(byte)'Z', 0, 0, 0, 5];
    private readonly List<byte> _tail = [];

    public bool Feed(ReadOnlySpan<byte> chunk)
    {
        _tail.AddRange(chunk.ToArray());
        for (var i = 0; i + Header.Length < _tail.Count; i++)
        {
            if (_tail[i] == Header[0] && _tail[i + 1] == 0 && _tail[i + 2] == 0 && _tail[i + 3] == 0 && _tail[i + 4] == 5
                && _tail[i + 5] is (byte)'I' or (byte)'T' or (byte)'E')
                return true;
        }
        if (_tail.Count > Header.Length) _tail.RemoveRange(0, _tail.Count - Header.Length);
        return false;
    }
}
