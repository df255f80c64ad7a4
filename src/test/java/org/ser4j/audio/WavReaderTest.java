package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

class WavReaderTest {
    @TempDir
    Path dir;

    private Audio roundTrip(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        Audio a = WavReader.read(f);
        WavInfo info = WavReader.info(f);
        assertEquals(a.samples().length, info.frames(), "header frames agree with decoded length for " + name);
        assertEquals(a.sampleRate(), info.sampleRate());
        return a;
    }

    @Test
    void pcm8IsUnsignedWithOffset128() throws Exception {
        // Stored bytes 0, 128, 255 mean -128, 0, +127 -> /128.
        byte[] data = {0, (byte) 128, (byte) 255, 64};
        Audio a = roundTrip("u8.wav", TestWavs.wav(1, false, 1, 8000, 8, data, null));
        assertArrayEquals(new float[] {-1f, 0f, 127f / 128f, -0.5f}, a.samples(), 0f);
        assertEquals(8000, a.sampleRate());
    }

    @Test
    void pcm16ScalesBy32768() throws Exception {
        Audio a = roundTrip("s16.wav", TestWavs.wav(1, false, 1, 16000, 16,
                TestWavs.packInts(16, -32768, 0, 16384, 32767, -1), null));
        assertArrayEquals(new float[] {-1f, 0f, 0.5f, 32767f / 32768f, -1f / 32768f}, a.samples(), 0f);
    }

    @Test
    void pcm24And32ScaleByTwoToBitsMinusOne() throws Exception {
        Audio a24 = roundTrip("s24.wav", TestWavs.wav(1, false, 1, 44100, 24,
                TestWavs.packInts(24, -8388608, 4194304, 8388607, -3), null));
        assertArrayEquals(new float[] {-1f, 0.5f, (float) (8388607 / 8388608.0), (float) (-3 / 8388608.0)},
                a24.samples(), 0f);
        Audio a32 = roundTrip("s32.wav", TestWavs.wav(1, false, 1, 48000, 32,
                TestWavs.packInts(32, Integer.MIN_VALUE, 1 << 30, -(1 << 29)), null));
        assertArrayEquals(new float[] {-1f, 0.5f, -0.25f}, a32.samples(), 0f);
    }

    @Test
    void floatDataIsTakenAsItIs() throws Exception {
        double[] v = {0.1, -0.75, 1.5, -2.0};
        Audio f32 = roundTrip("f32.wav", TestWavs.wav(3, false, 1, 22050, 32, TestWavs.packFloats(32, v), null));
        Audio f64 = roundTrip("f64.wav", TestWavs.wav(3, false, 1, 22050, 64, TestWavs.packFloats(64, v), null));
        for (int i = 0; i < v.length; i++) {
            assertEquals((float) v[i], f32.samples()[i], 0f);
            assertEquals((float) v[i], f64.samples()[i], 0f);
        }
    }

    @Test
    void extensibleWrapsPcmAndFloat() throws Exception {
        Audio pcm = roundTrip("ext16.wav", TestWavs.wav(1, true, 1, 16000, 16,
                TestWavs.packInts(16, 16384, -16384), null));
        assertArrayEquals(new float[] {0.5f, -0.5f}, pcm.samples(), 0f);
        Audio flt = roundTrip("extf.wav", TestWavs.wav(3, true, 1, 16000, 32,
                TestWavs.packFloats(32, 0.25, -0.125), null));
        assertArrayEquals(new float[] {0.25f, -0.125f}, flt.samples(), 0f);
        Audio pcm24 = roundTrip("ext24.wav", TestWavs.wav(1, true, 1, 96000, 24,
                TestWavs.packInts(24, 4194304), null));
        assertArrayEquals(new float[] {0.5f}, pcm24.samples(), 0f);
    }

    @Test
    void channelsAreAveragedToMono() throws Exception {
        // Stereo frames (L, R): (0.5, -0.5), (1.0, 0.0) in PCM16 -> 0, 0.5 after averaging.
        Audio st = roundTrip("stereo.wav", TestWavs.wav(1, false, 2, 16000, 16,
                TestWavs.packInts(16, 16384, -16384, 32767, 0), null));
        assertEquals(2, st.samples().length);
        assertEquals(0f, st.samples()[0], 0f);
        assertEquals(32767f / 65536f, st.samples()[1], 1e-7f);
        // Three channels of float data in an extensible file.
        Audio three = roundTrip("three.wav", TestWavs.wav(3, true, 3, 16000, 32,
                TestWavs.packFloats(32, 0.3, 0.6, 0.9, -0.3, 0.0, 0.0), null));
        assertArrayEquals(new float[] {0.6f, -0.1f}, three.samples(), 1e-7f);
    }

    @Test
    void unknownChunksAndOddPadBytesAreSkipped() throws Exception {
        // 3 PCM8 samples = odd data size (pad byte at the end); odd LIST chunk before data.
        Audio a = roundTrip("list.wav", TestWavs.wav(1, false, 1, 8000, 8, new byte[] {(byte) 128, (byte) 192, 64},
                TestWavs.oddListChunk()));
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f}, a.samples(), 0f);
    }

    @Test
    void writerOutputReadsBackWithinOneQuantisationStep() throws Exception {
        float[] x = TestWavs.tone(440, 16000, 1600, 0.8);
        Path f = dir.resolve("w.wav");
        WavWriter.writePcm16(f, x, 16000);
        Audio a = WavReader.read(f);
        assertEquals(16000, a.sampleRate());
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], a.samples()[i], 0.5 / 32768 + 1e-7);
        }
        assertEquals(0.1, a.durationSeconds(), 1e-12);
    }

    private BadInputException bad(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> WavReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    @Test
    void badInputsNameTheFileAndTheProblem() throws Exception {
        assertTrue(bad("text.wav", "hello, this is not audio at all".getBytes()).getMessage().contains("not a RIFF"));
        byte[] good = TestWavs.wav(1, false, 1, 16000, 16, TestWavs.packInts(16, 1, 2, 3, 4, 5, 6), null);
        byte[] cut = Arrays.copyOf(good, good.length - 5);
        assertTrue(bad("cut.wav", cut).getMessage().contains("truncated data chunk"));
        assertTrue(bad("empty.wav", TestWavs.wav(1, false, 1, 16000, 16, new byte[0], null)).getMessage()
                .contains("zero samples"));
        String mulaw = bad("mulaw.wav", TestWavs.wav(7, false, 1, 8000, 8, new byte[] {1, 2, 3, 4}, null))
                .getMessage();
        assertTrue(mulaw.contains("\u00b5-law") && mulaw.contains("unsupported codec"), mulaw);
        assertTrue(bad("adpcm.wav", TestWavs.wav(2, false, 1, 8000, 4, new byte[] {1, 2, 3, 4}, null)).getMessage()
                .contains("ADPCM"));
        assertTrue(bad("extmulaw.wav", TestWavs.wav(7, true, 1, 8000, 8, new byte[] {1, 2}, null)).getMessage()
                .contains("EXTENSIBLE"));
        assertTrue(bad("pcm12.wav", TestWavs.wav(1, false, 1, 8000, 12, new byte[] {1, 2, 3, 4}, null)).getMessage()
                .contains("bit depth 12"));
        Path missing = dir.resolve("nope.wav");
        BadInputException e = assertThrows(BadInputException.class, () -> WavReader.read(missing));
        assertTrue(e.getMessage().contains("nope.wav") && e.getMessage().contains("not found"));
        // The header-only reader sees truncation too.
        Path cutFile = dir.resolve("cut.wav");
        assertTrue(assertThrows(BadInputException.class, () -> WavReader.info(cutFile)).getMessage()
                .contains("truncated"));
    }

    @Test
    void scanCollectsEveryBadFileOrStopsAtTheFirst() throws Exception {
        Path ok = dir.resolve("ok.wav");
        WavWriter.writePcm16(ok, new float[1600], 16000);
        Path bad1 = dir.resolve("bad1.wav");
        Files.writeString(bad1, "nope");
        Path bad2 = dir.resolve("bad2.wav");
        Files.write(bad2, TestWavs.wav(7, false, 1, 8000, 8, new byte[] {1}, null));
        AudioScan.Report r = AudioScan.scan(List.of(bad1, ok, bad2), false);
        assertEquals(3, r.checked());
        assertEquals(List.of(bad1, bad2), r.bad().stream().map(AudioScan.BadFile::file).toList());
        assertEquals(0.1, r.totalSeconds(), 1e-9);
        assertThrows(BadInputException.class, () -> AudioScan.scan(List.of(ok, bad1), true));
        assertTrue(AudioScan.scan(List.of(ok), false).ok());
    }

    private BadInputException nonFinite(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> WavReader.read(f), name);
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        // the in-memory reader (used by the DataVec record reader) refuses it the same way
        BadInputException mem = assertThrows(BadInputException.class, () -> WavReader.read(bytes, name), name);
        assertEquals(e.getMessage().replace(f.toString(), name), mem.getMessage());
        return e;
    }

    /** Issue 21: NaN or infinite samples are bad input, named by file and first bad sample index. */
    @Test
    void nonFiniteFloatSamplesAreRejectedNamingFileAndFirstBadSample() throws Exception {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        BadInputException f32 = nonFinite("nan32.wav",
                TestWavs.wav(3, false, 1, 16000, 32, TestWavs.packFloats(32, 0.1, -0.2, nan, 0.3, nan), null));
        assertTrue(f32.getMessage().contains("non-finite sample NaN at sample index 2;"), f32.getMessage());
        BadInputException f64 = nonFinite("inf64.wav",
                TestWavs.wav(3, false, 1, 16000, 64, TestWavs.packFloats(64, 0.0, inf, 0.5), null));
        assertTrue(f64.getMessage().contains("non-finite sample Infinity at sample index 1;"), f64.getMessage());
        BadInputException ext = nonFinite("extnan.wav",
                TestWavs.wav(3, true, 1, 16000, 32, TestWavs.packFloats(32, 0.25, 0.5, 0.125, nan), null));
        assertTrue(ext.getMessage().contains("non-finite sample NaN at sample index 3;"), ext.getMessage());
        // stereo, extensible float64: frame 1 holds +Inf in channel 1 (the frame index is what is named)
        BadInputException extStereo = nonFinite("extinf.wav",
                TestWavs.wav(3, true, 2, 16000, 64, TestWavs.packFloats(64, 0.1, 0.1, 0.2, inf, nan, 0.3), null));
        assertTrue(extStereo.getMessage().contains("non-finite sample Infinity at sample index 1 (channel 1)"),
                extStereo.getMessage());
        BadInputException negInf = nonFinite("neginf32.wav",
                TestWavs.wav(3, false, 1, 8000, 32, TestWavs.packFloats(32, -inf), null));
        assertTrue(negInf.getMessage().contains("-Infinity at sample index 0"), negInf.getMessage());
        // a finite float64 sample too large for float32 would decode to Infinity: refused as well
        BadInputException huge = nonFinite("huge64.wav",
                TestWavs.wav(3, false, 1, 16000, 64, TestWavs.packFloats(64, 0.5, 1e300), null));
        assertTrue(huge.getMessage().contains("sample index 1") && huge.getMessage().contains("float32 range"),
                huge.getMessage());
        // a corpus scan lists such a file as bad
        Path ok = dir.resolve("fine.wav");
        WavWriter.writePcm16(ok, new float[160], 16000);
        AudioScan.Report r = AudioScan.scan(List.of(ok, dir.resolve("nan32.wav")), false);
        assertEquals(List.of(dir.resolve("nan32.wav")), r.bad().stream().map(AudioScan.BadFile::file).toList());
        // large but finite float samples still decode as they are
        Audio loud = roundTrip("loud.wav", TestWavs.wav(3, false, 1, 16000, 32,
                TestWavs.packFloats(32, 3.0e38, -3.0e38), null));
        assertArrayEquals(new float[] {3.0e38f, -3.0e38f}, loud.samples(), 0f);
    }
}
