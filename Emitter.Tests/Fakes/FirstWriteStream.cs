namespace Emitter.Tests.Fakes;

/// <summary>Standard output that runs an action on the writer's thread at the first write: something happens while the run is surely under way.</summary>
public sealed class FirstWriteStream(Action onFirstWrite) : MemoryStream
{
    private int _written;

    // A subclass's span and async writes come here too (MemoryStream passes them to the array overload).
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Interlocked.Exchange(ref _written, 1) == 0) onFirstWrite();
        base.Write(buffer, offset, count);
    }
}
