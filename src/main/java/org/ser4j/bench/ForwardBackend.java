package org.ser4j.bench;

import org.ser4j.nn.hubert.HubertConfig;

/**
 * An inference backend the bench can time on the HuBERT forward: {@link SameDiffForward} and {@link OnnxForward}
 * (ONNX Runtime, package {@code org.ser4j.onnx}). Another one implements this interface and takes a line in
 * {@link ForwardBackends#all()}: no reflection, no class-path probing. A backend that a build lacks is listed as an
 * {@link UnavailableBackend}, reported as {@code not_available} with its reason.
 */
public interface ForwardBackend {
    /** Short name used in entry ids: {@code samediff}, {@code onnx}. */
    String name();

    /** The {@code --only} group that selects this backend ({@code hubert} for SameDiff, {@code onnx}). */
    String group();

    /** Null when the backend can run here, otherwise why not (shown in the report). */
    String unavailableReason();

    /**
     * Builds the encoder for {@code config} with random weights from {@code seed} (inference mode, no dropout) and
     * returns something that runs it. Set-up cost is not part of the timed forward.
     */
    PreparedForward prepare(HubertConfig config, long seed) throws Exception;

    /** A ready encoder. */
    interface PreparedForward extends AutoCloseable {
        /** Fixes the next inputs: {@code waveforms} [B][S], all samples valid (no padding). */
        void setInput(float[][] waveforms);

        /** One forward on the current input; returns the shape of the last hidden state [B, T, H]. */
        long[] run();

        @Override
        void close();
    }
}
