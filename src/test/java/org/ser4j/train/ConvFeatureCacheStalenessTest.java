package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.audio.AudioLoader;
import org.ser4j.audio.WavWriter;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

/**
 * Issue 21: the CNN-feature cache must follow the audio, not only the manifests. Audio edited in place, the same
 * utterance ids over another corpus root, or an entry poisoned with NaN by a bad run are recomputed, never read.
 */
class ConvFeatureCacheStalenessTest {
    private static final HubertConfig CFG = HubertConfig.tinyLarge();
    private static final List<String> IDS = List.of("u1", "u2", "u3");
    /** Recomputing in other batch groupings changes the float summation order, not the features. */
    private static final float SAME = 1e-4f;

    @TempDir
    Path dir;

    private static Map<String, INDArray> cnn() {
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, CFG, HubertGraph.Mode.INFERENCE, 11);
        Map<String, INDArray> cnn = new LinkedHashMap<>();
        for (var v : g.featureEncoderVariables()) {
            cnn.put(v.name(), v.getArr());
        }
        return cnn;
    }

    private static float[] noise(long seed) {
        Random r = new Random(seed);
        float[] x = new float[16_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * r.nextGaussian());
        }
        return x;
    }

    private static Path corpus(Path root, long seed) throws Exception {
        for (int i = 0; i < IDS.size(); i++) {
            WavWriter.writePcm16(root.resolve(IDS.get(i) + ".wav"), noise(seed + i), 16_000);
        }
        return root;
    }

    private static List<Example> examples() {
        List<Example> out = new ArrayList<>();
        for (String id : IDS) {
            out.add(new Example(id, "c", "en", "s1", 1, 0, 0, 16_000));
        }
        return out;
    }

    /** What a run over {@code root} sees: each utterance's WAV under that root, as ExperimentData reads it. */
    private static WaveformSource audioUnder(Path root) {
        return ex -> AudioLoader.load16k(root.resolve(ex.uttId() + ".wav"));
    }

    /** A new process's cache over {@code root}, kept in {@code cacheDir}. */
    private static ConvFeatureCache open(Map<String, INDArray> cnn, Path root, Path cacheDir) throws Exception {
        ConvFeatureCache.forgetLoaded();
        return ConvFeatureCache.of(CFG, cnn, examples(), audioUnder(root), true, "same-manifest", cacheDir);
    }

    private static Map<String, float[]> rows(ConvFeatureCache c) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Example e : examples()) {
            m.put(e.uttId(), c.rows(e).clone());
        }
        return m;
    }

    @Test
    void audioEditedInPlaceIsRecomputedAndUnchangedAudioIsReadBack() throws Exception {
        Map<String, INDArray> cnn = cnn();
        Path root = corpus(Files.createDirectories(dir.resolve("corpus")), 1);
        Path cacheDir = dir.resolve("cache");
        ConvFeatureCache first = open(cnn, root, cacheDir);
        Path file = cacheDir.resolve(ConvFeatureCache.fileName(first.key()));
        Map<String, float[]> before = rows(first);
        byte[] written = Files.readAllBytes(file);
        FileTime writtenAt = Files.getLastModifiedTime(file);

        // nothing changed: read back as it is, the file is not rewritten
        ConvFeatureCache same = open(cnn, root, cacheDir);
        for (String id : IDS) {
            assertArrayEquals(before.get(id), same.rows(examples().get(IDS.indexOf(id))), 0f, id);
        }
        assertArrayEquals(written, Files.readAllBytes(file));
        assertEquals(writtenAt, Files.getLastModifiedTime(file), "not rewritten");

        // u2 edited in place: same length, other samples, a new mtime
        Path u2 = root.resolve("u2.wav");
        long size = Files.size(u2);
        WavWriter.writePcm16(u2, noise(99), 16_000);
        Files.setLastModifiedTime(u2, FileTime.fromMillis(Files.getLastModifiedTime(u2).toMillis() + 10_000));
        assertEquals(size, Files.size(u2));
        Map<String, float[]> after = rows(open(cnn, root, cacheDir));
        assertTrue(maxAbsDiff(before.get("u2"), after.get("u2")) > 0.1, "u2's stale features were read");
        Map<String, float[]> fresh = rows(open(cnn, root, dir.resolve("fresh-cache")));
        assertArrayEquals(fresh.get("u2"), after.get("u2"), SAME, "u2 recomputed from its new audio");
        assertArrayEquals(before.get("u1"), after.get("u1"), 0f);
        assertArrayEquals(before.get("u3"), after.get("u3"), 0f);
        assertFalse(Arrays.equals(written, Files.readAllBytes(file)), "the file now holds u2's new features");
        // and that rewritten file is what the next process reads
        assertArrayEquals(after.get("u2"), rows(open(cnn, root, cacheDir)).get("u2"), 0f);
    }

    @Test
    void theSameManifestOverAnotherRootIsRecomputedWhereTheAudioDiffers() throws Exception {
        Map<String, INDArray> cnn = cnn();
        Path rootA = corpus(Files.createDirectories(dir.resolve("a")), 1);
        Path rootB = corpus(Files.createDirectories(dir.resolve("b")), 1);
        WavWriter.writePcm16(rootB.resolve("u3.wav"), noise(42), 16_000);
        Path cacheDir = dir.resolve("cache");
        Map<String, float[]> a = rows(open(cnn, rootA, cacheDir));
        Map<String, float[]> b = rows(open(cnn, rootB, cacheDir));
        Map<String, float[]> freshB = rows(open(cnn, rootB, dir.resolve("fresh-cache")));
        assertTrue(maxAbsDiff(a.get("u3"), b.get("u3")) > 0.1, "root A's features of u3 were read for root B");
        assertArrayEquals(freshB.get("u3"), b.get("u3"), SAME);
        assertArrayEquals(a.get("u1"), b.get("u1"), 0f, "identical audio under either root is shared");
    }

    @Test
    void anEntryPoisonedWithNanIsRecomputed() throws Exception {
        Map<String, INDArray> cnn = cnn();
        Path root = corpus(Files.createDirectories(dir.resolve("corpus")), 1);
        Path cacheDir = dir.resolve("cache");
        ConvFeatureCache first = open(cnn, root, cacheDir);
        Map<String, float[]> before = rows(first);
        Path file = cacheDir.resolve(ConvFeatureCache.fileName(first.key()));
        long firstValue;
        // layout: magic, key, channels, count, then per entry: id, waveform digest, length, floats
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            in.readInt();
            String key = in.readUTF();
            in.readInt();
            in.readInt();
            String id = in.readUTF();
            String digest = in.readUTF();
            assertEquals("u1", id);
            assertEquals(ConvFeatureCache.digest(AudioLoader.load16k(root.resolve("u1.wav"))), digest);
            in.readInt();
            firstValue = 4 + (2 + key.length()) + 4 + 4 + (2 + id.length()) + (2 + digest.length()) + 4;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(firstValue);
            raf.writeFloat(Float.NaN);
        }
        float[] u1 = rows(open(cnn, root, cacheDir)).get("u1");
        assertTrue(Float.isFinite(u1[0]));
        assertArrayEquals(before.get("u1"), u1, SAME);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
