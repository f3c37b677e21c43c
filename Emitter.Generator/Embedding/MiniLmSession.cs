using Microsoft.ML.OnnxRuntime;

namespace Emitter.Generator.Embedding;

/// <summary>
/// The ONNX Runtime session for all-MiniLM-L6-v2, loaded once. Each run uses every core, so callers
/// should run one batch at a time (<see cref="LocalMiniLmEmbeddingGenerator"/> does).
/// </summary>
internal sealed class MiniLmSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly bool _takesTokenTypes;
    private readonly string _outputName;

    public MiniLmSession(byte[] model)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Spinning workers would burn the cores the emitter needs between batches.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(model, options);
        _takesTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state")
            ? "last_hidden_state"
            : _session.OutputMetadata.Keys.First();
    }

    /// <summary>Runs the model and pools its token states into one unit vector per text.</summary>
    public float[][] Run(MiniLmBatch batch, int dimensions, CancellationToken cancellationToken)
    {
        long[] shape = [batch.Count, batch.Length];
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape);
        List<string> names = ["input_ids", "attention_mask"];
        List<OrtValue> inputs = [ids, mask];
        if (_takesTokenTypes)
        {
            names.Add("token_type_ids");
            inputs.Add(types);
        }

        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            using var outputs = _session.Run(runOptions, names, inputs, [_outputName]);
            return MiniLmPooling.MeanPoolNormalize(
                outputs[0].GetTensorDataAsSpan<float>(), batch.AttentionMask, batch.Count, batch.Length, dimensions);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => _session.Dispose();
}
