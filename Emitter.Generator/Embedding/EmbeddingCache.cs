using System.Security.Cryptography;
using System.Text;
using Emitter.Generator.Model;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Where computed vectors are kept between runs, so a restart with the same pool embeds nothing.
/// One append-only file per provider, model and dimensions (jitter is applied later, per entry, so
/// it is not part of the key); see <see cref="EmbeddingCacheFile"/> for the format. Each file is
/// compacted to <see cref="MaxBytes"/> after a pool is embedded (<see cref="EmbeddingCacheLimit"/>).
/// </summary>
public sealed class EmbeddingCache(string directory, long maxBytes = EmbeddingCache.DefaultMaxBytes)
{
    public const long BytesPerMb = 1024 * 1024;
    public const long DefaultMaxBytes = Configuration.EmbeddingConfig.DefaultCacheMaxMb * BytesPerMb;

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The size one file is compacted to, except that the current pool is always kept whole.</summary>
    public long MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "must be greater than 0");

    /// <summary>$EMITTER_CACHE_DIR, else $XDG_CACHE_HOME/emitter, else ~/.cache/emitter.</summary>
    public static string DefaultDirectory => ResolveDirectory(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public static EmbeddingCache OpenDefault() => new(DefaultDirectory);

    /// <summary>Loads the file for this provider, model and dimensions; it is locked until disposed.</summary>
    /// <exception cref="IOException">Another process has the same file open.</exception>
    public EmbeddingCacheFile Open(EmbeddingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        System.IO.Directory.CreateDirectory(Directory);
        return EmbeddingCacheFile.Open(PathFor(info), info);
    }

    public string PathFor(EmbeddingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        // Readable name plus a hash of the exact key: sanitising alone could make two keys collide.
        var key = $"{info.Provider}\n{info.Model}\n{info.Dimensions}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        return Path.Combine(Directory, $"{Sanitize(info.Provider)}_{Sanitize(info.Model)}_{info.Dimensions}_{hash}.vec");
    }

    internal static string ResolveDirectory(Func<string, string?> environment, string home)
    {
        if (environment("EMITTER_CACHE_DIR") is { Length: > 0 } explicitDirectory)
        {
            return explicitDirectory;
        }

        return environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? Path.Combine(xdg, "emitter")
            : Path.Combine(home, ".cache", "emitter");
    }

    private static string Sanitize(string part)
    {
        var chars = part.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray();
        return chars.Length == 0 ? "-" : new string(chars);
    }
}
