using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Emitter.Tests.Docs;

/// <summary>
/// The relative links and images of a set of Markdown files, checked as GitHub resolves them: the
/// target file or folder exists inside the repository, and a <c>#fragment</c> into a Markdown file
/// names one of its headings by GitHub's id (Markdig's GitHub auto-identifiers: lower case, only
/// letters, digits, <c>-</c> and <c>_</c> kept, spaces to <c>-</c>, a repeated id suffixed -1, -2).
/// </summary>
public static class MarkdownLinks
{
    public sealed record Link(string File, int Line, string Url);

    public sealed record Broken(Link Link, string Reason)
    {
        public override string ToString() => $"{Link.File}:{Link.Line}: ({Link.Url}) {Reason}";
    }

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "artifacts", "node_modules", "TestResults" };

    /// <summary>Every .md file under <paramref name="root"/>, build output and hidden folders left out.</summary>
    public static IReadOnlyList<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar)[..^1]
                .Any(folder => folder.StartsWith('.') || SkippedFolders.Contains(folder)))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static MarkdownDocument Parse(string file) => Markdown.Parse(File.ReadAllText(file), Pipeline);

    /// <summary>The ids GitHub gives the headings of a Markdown file, in order.</summary>
    public static IReadOnlyList<string> HeadingIds(string file) =>
        Parse(file).Descendants<HeadingBlock>().Select(heading => heading.GetAttributes().Id ?? "").ToList();

    /// <summary>The links and images of a file whose target is in the repository (no scheme, not mail).</summary>
    public static IEnumerable<Link> RelativeLinks(string root, string file) =>
        Parse(file).Descendants<LinkInline>()
            .Where(link => link.Url is { Length: > 0 } url && !HasScheme(url))
            .Select(link => new Link(Path.GetRelativePath(root, file), link.Line + 1, link.Url!));

    private static bool HasScheme(string url) => url.Contains("://", StringComparison.Ordinal) || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<Broken> Check(string root, IEnumerable<string> files)
    {
        root = Path.GetFullPath(root);
        var ids = new Dictionary<string, HashSet<string>>();
        var broken = new List<Broken>();
        foreach (var file in files)
        {
            foreach (var link in RelativeLinks(root, file))
            {
                var hash = link.Url.IndexOf('#');
                var path = Uri.UnescapeDataString(hash < 0 ? link.Url : link.Url[..hash]);
                var fragment = hash < 0 ? null : Uri.UnescapeDataString(link.Url[(hash + 1)..]);
                var target = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                if (path.StartsWith('/'))
                    broken.Add(new Broken(link, "is absolute; GitHub resolves it against the site, not the repository"));
                else if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && target != root)
                    broken.Add(new Broken(link, $"leaves the repository ({target})"));
                else if (!File.Exists(target) && !Directory.Exists(target))
                    broken.Add(new Broken(link, $"no such file or folder: {Path.GetRelativePath(root, target)}"));
                else if (fragment is not null && target.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                {
                    if (!ids.TryGetValue(target, out var known)) ids[target] = known = HeadingIds(target).ToHashSet(StringComparer.Ordinal);
                    if (!known.Contains(fragment))
                        broken.Add(new Broken(link, $"no heading with id '{fragment}' in {Path.GetRelativePath(root, target)}"));
                }
            }
        }
        return broken;
    }
}
