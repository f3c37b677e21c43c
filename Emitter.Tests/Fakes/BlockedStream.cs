namespace Emitter.Tests.Fakes;

/// <summary>
/// Standard output into a pipe nobody reads: every write blocks its thread until
/// <see cref="Release"/>, whatever cancellation says (a blocking write(2) cannot be cancelled).
/// </summary>
public sealed class BlockedStream : Stream
{
    private readonly ManualResetEventSlim _released = new();

    /// <summary>Set when the first write starts blocking.</summary>
    public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every blocked and later write through (and discards the bytes).</summary>
    public void Release() => _released.Set();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        WriteStarted.TrySetResult();
        _released.Wait();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // Synchronous, like the console's own stream: the caller's thread is the one that blocks.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // Not disposed itself: a writer may still be waking from it.
        if (disposing) Release();
        base.Dispose(disposing);
    }
}
