using Emitter.Generator.Embedding;

namespace Emitter.Tests.Embedding;

public class EmbeddingProgressTests
{
    [Fact]
    public void Progress_lines_read_like_the_console_should()
    {
        var logger = new CapturingLogger();
        var progress = new EmbeddingProgress(logger, 5000, TimeSpan.Zero);

        progress.Add(1024);
        progress.Add(3976);

        // One line: the 100% point is left to the final summary.
        var line = Assert.Single(logger.Lines);
        Assert.Matches(@"^Embedding pool: 1,024/5,000 \(20%\) [\d,]+/s$", line);
    }

    [Fact]
    public void Progress_lines_are_throttled()
    {
        var logger = new CapturingLogger();
        var progress = new EmbeddingProgress(logger, 1000, TimeSpan.FromHours(1));

        for (var i = 0; i < 10; i++)
        {
            progress.Add(10);
        }

        Assert.Empty(logger.Lines);
    }
}
