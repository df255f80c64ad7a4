package org.ser4j.infer;

/**
 * Settings of an {@link EmotionRecognizer}.
 *
 * @param batchSize items (windows) per forward pass in {@link EmotionRecognizer#predictBatch}, 1 ..
 *                  {@value #MAX_BATCH_SIZE}; windows are sorted by length first so that padding stays small
 * @param chunking  how long inputs are cut
 * @param backend   builds the network runtime (default {@link SameDiffBackend})
 */
public record RecognizerOptions(int batchSize, ChunkingPolicy chunking, InferenceBackend.Factory backend) {
    /** 64 windows of the longest allowed 60 s already make a forward pass of about an hour of audio. */
    public static final int MAX_BATCH_SIZE = 64;

    public RecognizerOptions {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1 .. " + MAX_BATCH_SIZE + ", got " + batchSize);
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
