package org.ser4j.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.ser4j.util.AtomicFiles;

/**
 * Writes mono PCM16 RIFF/WAVE files. Samples are scaled by 32768 (the inverse of the reader's x/32768, docs/contracts.md §1,
 * so every value k/32768 survives a write/read round trip exactly) and clipped to [-32768, 32767].
 */
public final class WavWriter {
    private WavWriter() {}

    /** The complete file bytes of a mono PCM16 WAV. */
    public static byte[] pcm16Bytes(float[] samples, int sampleRate) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float s : samples) {
            b.putShort(toPcm16(s));
        }
        return b.array();
    }

    public static short toPcm16(float s) {
        long v = Math.round(s * 32768.0);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    /** Writes atomically (temporary file + rename). */
    public static void writePcm16(Path file, float[] samples, int sampleRate) throws IOException {
        AtomicFiles.writeBytes(file, pcm16Bytes(samples, sampleRate));
    }
}
