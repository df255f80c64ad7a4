package org.ser4j.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds WAV files byte by byte for tests, independently of the reader under test. */
public final class TestWavs {
    private TestWavs() {}

    /** Packs integer samples (already interleaved) little-endian at {@code bits} per sample; 8-bit is unsigned. */
    public static byte[] packInts(int bits, long... samples) {
        int bps = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(samples.length * bps).order(ByteOrder.LITTLE_ENDIAN);
        for (long s : samples) {
            switch (bits) {
                case 8 -> b.put((byte) (s + 128));
                case 16 -> b.putShort((short) s);
                case 24 -> b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                case 32 -> b.putInt((int) s);
                default -> throw new IllegalArgumentException("bits " + bits);
            }
        }
        return b.array();
    }

    public static byte[] packFloats(int bits, double... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * bits / 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double s : samples) {
            if (bits == 32) {
                b.putFloat((float) s);
            } else {
                b.putDouble(s);
            }
        }
        return b.array();
    }

    /** A complete RIFF file; {@code extraChunk} (may be null) is placed between 'fmt ' and 'data'. */
    public static byte[] wav(int formatTag, boolean extensible, int channels, int rate, int bits, byte[] data,
                             byte[] extraChunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer fmt = ByteBuffer.allocate(8 + fmtSize).order(ByteOrder.LITTLE_ENDIAN);
        fmt.put("fmt ".getBytes()).putInt(fmtSize);
        fmt.putShort((short) (extensible ? 0xFFFE : formatTag)).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        if (extensible) {
            fmt.putShort((short) 22).putShort((short) bits).putInt(channels == 1 ? 4 : 3);
            // KSDATAFORMAT_SUBTYPE GUID: format code then the fixed tail 0000-0010-8000-00AA00389B71.
            fmt.putShort((short) formatTag).putShort((short) 0).putShort((short) 0x10)
                    .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        byte[] fmtBytes = fmt.array();
        ByteBuffer dataHead = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        dataHead.put("data".getBytes()).putInt(data.length);
        int extra = extraChunk == null ? 0 : extraChunk.length;
        int riffSize = 4 + fmtBytes.length + extra + 8 + data.length + (data.length & 1);
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes()).putInt(riffSize).put("WAVE".getBytes());
        out.writeBytes(head.array());
        out.writeBytes(fmtBytes);
        if (extraChunk != null) {
            out.writeBytes(extraChunk);
        }
        out.writeBytes(dataHead.array());
        out.writeBytes(data);
        if ((data.length & 1) == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A chunk with an odd-sized body (so the reader must honour the pad byte). */
    public static byte[] oddListChunk() {
        ByteBuffer b = ByteBuffer.allocate(8 + 5 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put("LIST".getBytes()).putInt(5).put("INFOx".getBytes()).put((byte) 0);
        return b.array();
    }

    public static float[] tone(double freq, int rate, int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return x;
    }
}
