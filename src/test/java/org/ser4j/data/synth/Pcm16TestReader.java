package org.ser4j.data.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-only reader of the canonical 44-byte-header mono PCM16 WAV that WavWriter produces; checks every field. */
final class Pcm16TestReader {
    private Pcm16TestReader() {}

    record Wav(int sampleRate, int channels, int bits, float[] samples) {}

    static Wav read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        check(tag(b, 0).equals("RIFF"), file + ": no RIFF tag");
        check(b.getInt(4) == bytes.length - 8, file + ": RIFF size");
        check(tag(b, 8).equals("WAVE") && tag(b, 12).equals("fmt "), file + ": not WAVE/fmt");
        check(b.getInt(16) == 16 && b.getShort(20) == 1, file + ": not plain PCM");
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        int bits = b.getShort(34);
        check(b.getInt(28) == rate * channels * bits / 8, file + ": byte rate");
        check(tag(b, 36).equals("data"), file + ": no data chunk at 36");
        int dataBytes = b.getInt(40);
        check(dataBytes == bytes.length - 44, file + ": data size");
        float[] s = new float[dataBytes / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.getShort(44 + 2 * i) / 32768f;
        }
        return new Wav(rate, channels, bits, s);
    }

    private static String tag(ByteBuffer b, int at) {
        return new String(new byte[] {b.get(at), b.get(at + 1), b.get(at + 2), b.get(at + 3)},
                java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void check(boolean ok, String msg) {
        if (!ok) {
            throw new AssertionError(msg);
        }
    }
}
