package org.ser4j.infer;

/**
 * The network behind an {@link EmotionRecognizer}: padded, normalised waveforms in, head logits out. Everything
 * before (decoding, resampling, normalisation, chunking, batching) and after (softmax, chunk averaging, labels) is
 * done by the recognizer, so a backend is only the graph. {@link SameDiffBackend} is the default; an ONNX Runtime
 * backend can plug in through {@link Factory} without changes elsewhere.
 *
 * <p>Implementations must be safe to call from several threads (they may simply serialise calls).
 */
public interface InferenceBackend extends AutoCloseable {
    /** Logits for every item of the batch, in batch order. */
    HeadLogits forward(PaddedBatch batch);

    /** A short description for logs, e.g. {@code samediff(cpu)}. */
    String describe();

    @Override
    default void close() {
    }

    /** Builds a backend for a loaded model directory. */
    @FunctionalInterface
    interface Factory {
        InferenceBackend create(ExportedModel model);
    }
}
