package org.ser4j.audio;

/**
 * Decoded audio: mono float samples (integer PCM scaled by 1/2^(bits-1), float data as stored) at a sample rate.
 * The array is not copied; callers that keep it must not modify it.
 */
public record Audio(float[] samples, int sampleRate) {
    public Audio {
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }
}
