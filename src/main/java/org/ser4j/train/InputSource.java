package org.ser4j.train;

import org.ser4j.audio.WaveformNormalizer;

/**
 * What the trainer feeds the encoder's input placeholder for an utterance: rows of {@link #width()} floats. Raw
 * waveforms are rows of one sample ({@link #waveforms}); cached CNN features ({@link ConvFeatureCache}) are rows of
 * one frame. Crops, padding and masks are counted in rows, so {@link BatchAssembler} treats both alike.
 */
public interface InputSource {
    /** The utterance as row-major [rows, width]. */
    float[] rows(Example example);

    /** Floats per row: 1 for waveforms, the CNN's channel count for features. */
    int width();

    /** Rows covered by a crop of {@code samples} 16 kHz samples. */
    int rowsFor(int samples);

    /** Normalises one (cropped) item before padding; the identity where the rows are already normalised. */
    float[] prepare(float[] rows);

    /**
     * Raw 16 kHz waveforms; with {@code normalize}, each crop is brought to zero mean and unit variance over its own
     * samples, as the HF feature extractor does with {@code do_normalize} (docs/contracts.md §1).
     */
    static InputSource waveforms(WaveformSource source, boolean normalize) {
        return new InputSource() {
            @Override
            public float[] rows(Example example) {
                return source.waveform(example);
            }

            @Override
            public int width() {
                return 1;
            }

            @Override
            public int rowsFor(int samples) {
                return samples;
            }

            @Override
            public float[] prepare(float[] rows) {
                return normalize ? WaveformNormalizer.normalize(rows) : rows;
            }
        };
    }
}
