package org.ser4j.train;

/** Gives the 16 kHz waveform of an utterance, already normalised as the encoder expects (docs/contracts.md §1). */
@FunctionalInterface
public interface WaveformSource {
    float[] waveform(Example example);
}
