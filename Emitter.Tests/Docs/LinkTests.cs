using Emitter.Tests.AppHost;

namespace Emitter.Tests.Docs;

/// <summary>README and the docs pages link to each other and to files by relative paths and
/// heading anchors; a page moved, renamed or retitled must not leave a link dangling.</summary>
public class LinkTests(ITestOutputHelper output)
{
    private static readonly string Root = RepositoryRoot.Path;

    [Fact]
    public void Every_relative_link_and_anchor_in_the_markdown_files_resolves()
    {
        var files = MarkdownLinks.Files(Root);
        Assert.Contains(Path.Combine(Root, "README.md"), files);
        var links = files.SelectMany(file => MarkdownLinks.RelativeLinks(Root, file)).ToList();
        var broken = MarkdownLinks.Check(Root, files);
        output.WriteLine($"{links.Count} relative links ({links.Count(l => l.Url.Contains('#'))} with an anchor) in {files.Count} files: {string.Join(", ", files.Select(f => Path.GetRelativePath(Root, f)))}");
        foreach (var b in broken) output.WriteLine(b.ToString());
        Assert.True(broken.Count == 0, $"{broken.Count} broken link(s):\n{string.Join("\n", broken)}");
    }

    [Fact]
    public void Every_docs_page_is_linked_from_README()
    {
        var readme = Path.Combine(Root, "README.md");
        var linked = MarkdownLinks.RelativeLinks(Root, readme)
            .Select(link => Path.GetFullPath(Path.Combine(Root, link.Url.Split('#')[0])))
            .ToHashSet();
        var pages = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md");
        Assert.NotEmpty(pages);
        Assert.Empty(pages.Where(page => !linked.Contains(page)).Select(page => Path.GetRelativePath(Root, page)));
    }

    [Fact]
    public void A_missing_file_a_missing_anchor_and_a_link_out_of_the_repository_are_reported()
    {
        var root = Directory.CreateTempSubdirectory("emitter-links-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "docs"));
            File.WriteAllText(Path.Combine(root.FullName, "docs", "page.md"), "# Page\n\n## Full-text index: which `query` forms it serves\n\n## Retries\n\n## Retries\n");
            File.WriteAllText(Path.Combine(root.FullName, "README.md"), string.Join("\n",
                "# Top",
                "[fine](docs/page.md#full-text-index-which-query-forms-it-serves) [second](docs/page.md#retries-1) [self](#top)",
                "[gone](docs/missing.md) ![gone too](docs/missing.png)",
                "[bad anchor](docs/page.md#retries-2) [bad self](#nowhere)",
                "[out](../elsewhere.md) [site](/docs/page.md) [web](https://example.com/x.md#y)",
                "`[in code](docs/missing.md)`",
                "```",
                "[in a fence](docs/missing.md)",
                "```",
                ""));
            var broken = MarkdownLinks.Check(root.FullName, MarkdownLinks.Files(root.FullName));
            foreach (var b in broken) output.WriteLine(b.ToString());
            Assert.Equal(
                ["docs/missing.md", "docs/missing.png", "docs/page.md#retries-2", "#nowhere", "../elsewhere.md", "/docs/page.md"],
                broken.Select(b => b.Link.Url));
            Assert.All(broken, b => Assert.Equal("README.md", b.Link.File));
            Assert.Equal([3, 3, 4, 4, 5, 5], broken.Select(b => b.Link.Line));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("## Full-text index: which query forms it serves", "full-text-index-which-query-forms-it-serves")]
    [InlineData("## Measured here: the original benchmark's shape", "measured-here-the-original-benchmarks-shape")]
    [InlineData("## query-driver: the bench's own overhead", "query-driver-the-benchs-own-overhead")]
    [InlineData("## The `on_full` setting (v2.0)", "the-on_full-setting-v20")]
    [InlineData("## Shards: one run split across processes", "shards-one-run-split-across-processes")]
    public void Heading_ids_are_the_ones_GitHub_gives(string heading, string id)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, heading + "\n");
            Assert.Equal([id], MarkdownLinks.HeadingIds(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
