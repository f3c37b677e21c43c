using System.Runtime.InteropServices;

namespace Emitter.Generator.Sinks.Stdout;

/// <summary>
/// File descriptor 1 written with write(2) itself: the thinnest stand-in, because the console's
/// stream does two things a stdout sink cannot live with. It swallows EPIPE (a closed reader looks
/// like a delivered write), and it writes under the lock every console stream shares (stdout and
/// stderr), so one write blocked on a pipe nobody reads stops every stderr line, the summary too.
/// A broken pipe is an <see cref="IOException"/> whose HResult is the errno, as the runtime's own
/// file streams report it (.NET ignores SIGPIPE, so the write returns EPIPE instead of killing us).
/// </summary>
public sealed class StandardOutput : Stream
{
    /// <summary>EPIPE on Linux: the reading end of the pipe is closed.</summary>
    public const int BrokenPipe = 32;

    private const int Interrupted = 4; // EINTR: a signal arrived before anything was written
    private const int Descriptor = 1;

    public static bool IsBrokenPipe(Exception exception) => exception is IOException { HResult: BrokenPipe };

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var written = write(Descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Interrupted) continue;
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, ref byte buffer, nint count);
}
