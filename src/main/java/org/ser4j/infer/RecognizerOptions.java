package org.ser4j.infer;

/**
 * Settings of an {@link EmotionRecognizer}.
 *
 * @param batchSize items (windows) per forward pass in {@link EmotionRecognizer#predictBatch}; windows are sorted by
 *                  length first so that padding stays small
 * @param chunking  how long inputs are cut
 * @param backend   builds the network runtime (default {@link SameDiffBackend})
 */
public record RecognizerOptions(int batchSize, ChunkingPolicy chunking, InferenceBackend.Factory backend) {
    public RecognizerOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        chunking = chunking == null ? ChunkingPolicy.DEFAULT : chunking;
        backend = backend == null ? SameDiffBackend::new : backend;
    }

    public static RecognizerOptions defaults() {
        return new RecognizerOptions(8, ChunkingPolicy.DEFAULT, SameDiffBackend::new);
    }

    public RecognizerOptions withBatchSize(int n) {
        return new RecognizerOptions(n, chunking, backend);
    }

    public RecognizerOptions withChunking(ChunkingPolicy c) {
        return new RecognizerOptions(batchSize, c, backend);
    }

    public RecognizerOptions withBackend(InferenceBackend.Factory f) {
        return new RecognizerOptions(batchSize, chunking, f);
    }
}
