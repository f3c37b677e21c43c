using System.Buffers.Binary;
using System.Text;

namespace Emitter.Tests.Faults;

/// <summary>
/// Reads the PostgreSQL frontend protocol (v3, https://www.postgresql.org/docs/current/protocol-message-formats.html)
/// only as far as needed to see where a transaction that wrote rows commits: a simple Query
/// COMMIT after a COPY or INSERT in an explicit transaction (copy mode: BEGIN, SAVEPOINT,
/// COPY ... FROM STDIN, CopyData, CopyDone, COMMIT), or the Sync that ends an extended-protocol
/// INSERT outside one (unnest mode: Parse, Bind, Describe, Execute, Sync; the implicit
/// transaction commits at Sync). Message bodies other than Query and Parse are skipped unread.
/// </summary>
public sealed class PgCommitSpotter
{
    private const int SslRequest = 80877103;
    private const int GssEncRequest = 80877104;

    private readonly byte[] _header = new byte[5];
    private int _headerFilled;
    private bool _startup = true;
    private char _type;
    private long _bodyLeft;
    private MemoryStream? _body;
    private bool _inTransaction;
    private bool _wroteRows;

    /// <summary>Feeds the next bytes the client sends; returns the offset just past a commit message ending in them, or -1.</summary>
    public int Feed(ReadOnlySpan<byte> chunk)
    {
        var commitEnd = -1;
        var i = 0;
        while (i < chunk.Length)
        {
            if (_bodyLeft == 0 && _body is null)
            {
                // The header: a type byte and a length (the startup messages have no type byte).
                var headerSize = _startup ? 4 : 5;
                var take = Math.Min(headerSize - _headerFilled, chunk.Length - i);
                chunk.Slice(i, take).CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                i += take;
                if (_headerFilled < headerSize) break;
                _headerFilled = 0;
                _type = _startup ? '\0' : (char)_header[0];
                _bodyLeft = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(_startup ? 0 : 1)) - 4;
                if (_startup || _type is 'Q' or 'P') _body = new MemoryStream();
                if (_bodyLeft == 0 && End()) commitEnd = i;
                continue;
            }
            var part = (int)Math.Min(_bodyLeft, chunk.Length - i);
            _body?.Write(chunk.Slice(i, part));
            _bodyLeft -= part;
            i += part;
            if (_bodyLeft == 0 && End()) commitEnd = i;
        }
        return commitEnd;
    }

    /// <summary>A whole message has been read: true if it commits a transaction that wrote rows.</summary>
    private bool End()
    {
        var body = _body?.ToArray() ?? [];
        _body = null;
        if (_startup)
        {
            var code = body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : 0;
            _startup = code is SslRequest or GssEncRequest; // a StartupMessage ends the untyped part
            return false;
        }
        switch (_type)
        {
            case 'Q':
                return OnStatement(Sql(body), implicitCommit: true);
            case 'P':
                // Parse: statement name, then the query, both NUL-terminated.
                var nameEnd = Array.IndexOf(body, (byte)0);
                return OnStatement(Sql(body.AsSpan(nameEnd + 1).ToArray()), implicitCommit: false);
            case 'S':
                // Sync ends an implicit transaction: it commits what the extended protocol wrote outside BEGIN.
                var commits = !_inTransaction && _wroteRows;
                if (!_inTransaction) _wroteRows = false;
                return commits;
            default:
                return false;
        }
    }

    private bool OnStatement(string sql, bool implicitCommit)
    {
        if (sql.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("START TRANSACTION", StringComparison.OrdinalIgnoreCase))
        {
            _inTransaction = true;
            _wroteRows = false;
            return false;
        }
        if (sql.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("END", StringComparison.OrdinalIgnoreCase))
        {
            var commits = _inTransaction && _wroteRows;
            _inTransaction = _wroteRows = false;
            return commits;
        }
        if (sql.StartsWith("ROLLBACK", StringComparison.OrdinalIgnoreCase) && !sql.Contains(" TO ", StringComparison.OrdinalIgnoreCase))
        {
            _inTransaction = _wroteRows = false;
            return false;
        }
        var writes = sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("COPY", StringComparison.OrdinalIgnoreCase);
        if (!writes) return false;
        if (_inTransaction || !implicitCommit)
        {
            _wroteRows = true;
            return false;
        }
        return true; // a simple-query INSERT outside a transaction commits by itself
    }

    private static string Sql(byte[] text) => Encoding.UTF8.GetString(text).TrimStart().TrimEnd('\0');
}
