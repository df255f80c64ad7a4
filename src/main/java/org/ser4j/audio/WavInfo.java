package org.ser4j.audio;

/**
 * What a WAV header says, without decoding the samples: enough for manifest durations and for a quick check.
 *
 * @param formatTag     the effective format code (1 = integer PCM, 3 = IEEE float; for WAVE_FORMAT_EXTENSIBLE the
 *                      sub-format's code)
 * @param extensible    whether the file used WAVE_FORMAT_EXTENSIBLE (0xFFFE)
 * @param frames        sample frames in the data chunk (one frame = one sample per channel)
 * @param dataOffset    byte offset of the first sample in the file
 */
public record WavInfo(int formatTag, boolean extensible, int channels, int sampleRate, int bitsPerSample, long frames,
                      long dataOffset) {
    public static final int FORMAT_PCM = 1;
    public static final int FORMAT_IEEE_FLOAT = 3;
    public static final int FORMAT_EXTENSIBLE = 0xFFFE;

    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    public int blockAlign() {
        return bytesPerSample() * channels;
    }

    public double durationSeconds() {
        return frames / (double) sampleRate;
    }
}
