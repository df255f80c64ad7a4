package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

/**
 * WAV headers must be plausible before a sample is decoded (issue 21): sample rate within 1 kHz .. 768 kHz, duration
 * within the cap, and the file small enough to hold in memory. Each refusal names the file and the problem.
 */
class AudioLimitsTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static BadInputException refused(Path file, Runnable r, String... words) {
        BadInputException e = assertThrows(BadInputException.class, r::run, file.toString());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
        return e;
    }

    /** A header of a PCM file whose data chunk claims {@code dataBytes}; the file is sparse, so nothing is written. */
    private Path sparseWav(String name, int channels, int rate, int bits, long dataBytes) throws Exception {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        h.put("data".getBytes()).putInt((int) dataBytes);
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(h.array());
            f.setLength(44 + dataBytes);
        }
        return p;
    }

    @Test
    void sampleRatesOutsideOneToSevenHundredSixtyEightKilohertzAreRefused() throws Exception {
        byte[] samples = TestWavs.packInts(16, 1, -1, 2, -2);
        for (int rate : new int[] {0, 1, 999, 768_001, Integer.MAX_VALUE, -16_000}) {
            Path p = write("rate-" + rate + ".wav", TestWavs.wav(1, false, 1, rate, 16, samples, null));
            refused(p, () -> WavReader.read(p), "sample rate " + rate + " Hz", "1000 .. 768000 Hz");
            refused(p, () -> WavReader.info(p), "sample rate " + rate);
        }
        for (int rate : new int[] {1_000, 768_000}) {
            Path p = write("rate-" + rate + ".wav", TestWavs.wav(1, false, 1, rate, 16, samples, null));
            assertEquals(rate, WavReader.read(p).sampleRate());
            assertEquals(4, WavReader.info(p).frames());
        }
    }

    @Test
    void durationIsCappedFromTheHeaderAtTheLimitInclusive() throws Exception {
        // 8-bit mono at 1 kHz: one hour is 3.6 MB, so the default cap is tested on real bytes.
        int hour = 3_600_000;
        Path atCap = write("one-hour.wav", TestWavs.wav(1, false, 1, 1000, 8, new byte[hour], null));
        Path over = write("one-hour-and-a-sample.wav", TestWavs.wav(1, false, 1, 1000, 8, new byte[hour + 1], null));
        assertEquals(3600.0, WavReader.info(atCap).durationSeconds(), 0);
        assertEquals(hour, WavReader.read(atCap).samples().length);
        refused(over, () -> WavReader.info(over), "3600.0 s of audio (3600001 frames at 1000 Hz)",
                "exceeds the limit of 3600 s", AudioLimits.PROPERTY, AudioLimits.ENVIRONMENT);
        refused(over, () -> WavReader.read(over), "exceeds the limit of 3600 s");
        refused(over, () -> AudioLoader.load16k(over), "exceeds the limit");
        // an explicit, smaller cap
        AudioLimits twoSeconds = new AudioLimits(2.0);
        Path two = write("two.wav", TestWavs.wav(1, false, 1, 8000, 16, new byte[2 * 16_000], null));
        Path three = write("three.wav", TestWavs.wav(1, false, 1, 8000, 16, new byte[2 * 24_000], null));
        assertEquals(16_000, WavReader.read(two, twoSeconds).samples().length);
        refused(three, () -> WavReader.read(three, twoSeconds), "3.0 s of audio", "limit of 2 s");
        refused(three, () -> WavReader.info(three, twoSeconds), "limit of 2 s");
    }

    @Test
    void anOverLongHeaderIsRefusedBeforeTheDataIsRead() throws Exception {
        // Two hours of 16 kHz PCM16 (230 MB) in a sparse file: refused from the header, nothing decoded.
        long twoHours = 2L * 3600 * 16_000 * 2;
        Path p = sparseWav("two-hours.wav", 1, 16_000, 16, twoHours);
        long t0 = System.nanoTime();
        long heapBefore = usedHeap();
        refused(p, () -> WavReader.read(p), "7200.0 s of audio", "exceeds the limit of 3600 s");
        assertTrue(usedHeap() - heapBefore < 50L << 20, "the 230 MB of samples were not read");
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused from the header, not after decoding");
        // 2.5 GB of 768 kHz, 8-channel 32-bit PCM is only 102 s, but cannot be held in one Java array
        Path huge = sparseWav("huge.wav", 8, 768_000, 32, 2_500_000_000L);
        assertEquals(101.7, WavReader.info(huge).durationSeconds(), 0.1);
        refused(huge, () -> WavReader.read(huge), "too large to decode in memory", "split the file");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void theCapIsSetByPropertyThenEnvironmentAndAMalformedValueIsNamed() {
        Map<String, String> none = Map.of();
        assertEquals(AudioLimits.DEFAULT, AudioLimits.resolve(none::get, none::get));
        Map<String, String> env = Map.of(AudioLimits.ENVIRONMENT, "7200");
        assertEquals(7200, AudioLimits.resolve(none::get, env::get).maxSeconds(), 0);
        Map<String, String> prop = Map.of(AudioLimits.PROPERTY, "90.5");
        assertEquals(90.5, AudioLimits.resolve(prop::get, env::get).maxSeconds(), 0, "the property wins");
        for (String bad : List.of("abc", "0", "-5", "NaN", "Infinity", "134218")) {
            Map<String, String> p = Map.of(AudioLimits.PROPERTY, bad);
            BadInputException e = assertThrows(BadInputException.class, () -> AudioLimits.resolve(p::get, none::get));
            assertTrue(e.getMessage().contains(AudioLimits.PROPERTY) && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
            Map<String, String> v = Map.of(AudioLimits.ENVIRONMENT, bad);
            e = assertThrows(BadInputException.class, () -> AudioLimits.resolve(none::get, v::get));
            assertTrue(e.getMessage().contains(AudioLimits.ENVIRONMENT), e.getMessage());
        }
        assertEquals(AudioLimits.CEILING_SECONDS, AudioLimits.resolve(Map.of(AudioLimits.PROPERTY, "134217")::get,
                none::get).maxSeconds(), 0);
        assertTrue(AudioLimits.CEILING_SECONDS * AudioLoader.TARGET_RATE <= Integer.MAX_VALUE,
                "the longest allowed input fits one 16 kHz array");
    }

    @Test
    void aScanListsImplausibleFilesAsBadAndKeepsTheOthers() throws Exception {
        Path good = write("good.wav", TestWavs.wav(1, false, 1, 16_000, 16, new byte[3200], null));
        Path slow = write("slow.wav", TestWavs.wav(1, false, 1, 10, 16, new byte[3200], null));
        Path longOne = write("long.wav", TestWavs.wav(1, false, 1, 1000, 8, new byte[3_600_001], null));
        AudioScan.Report r = AudioScan.scan(List.of(good, slow, longOne), false);
        assertEquals(3, r.checked());
        assertEquals(List.of(slow, longOne), r.bad().stream().map(AudioScan.BadFile::file).toList());
        assertTrue(r.bad().get(0).problem().contains("sample rate 10 Hz"), r.bad().get(0).problem());
        assertTrue(r.bad().get(1).problem().contains("exceeds the limit"), r.bad().get(1).problem());
        assertEquals(0.1, r.totalSeconds(), 1e-9, "only the good file's audio is counted");
    }
}
