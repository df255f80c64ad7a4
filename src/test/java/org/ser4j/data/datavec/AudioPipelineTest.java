package org.ser4j.data.datavec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ser4j.audio.AudioLoader;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.FakeCorpora;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.util.BadInputException;

class AudioPipelineTest {
    @TempDir
    static Path dir;
    static Manifest manifest;
    static AudioDataset data;
    static final List<String> EMO = List.of("ang", "hap", "neu", "sad");

    @BeforeAll
    static void corpus() throws Exception {
        List<ManifestRow> rows = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            int rate = i % 3 == 0 ? 8000 : 16000;
            int frames = 1000 + 700 * i;
            String id = String.format("u%02d", i);
            FakeCorpora.wav(dir.resolve("w/" + id + ".wav"), frames, rate);
            String g = i % 2 == 0 ? "F" : "M";
            String lang = i % 4 < 2 ? "en" : "ja";
            rows.add(new ManifestRow(id, "w/" + id + ".wav", "c", lang, "s" + (i % 3), g,
                    DomainSet.DEFAULT.domainOf(lang, g), 1 + i % 2, EMO.get(i % 4), frames / (double) rate, Map.of()));
        }
        manifest = Manifest.of(rows, dir);
        data = AudioDataset.of(List.of(manifest), EmotionSet.DEFAULT, DomainSet.DEFAULT);
    }

    static float[] expected16k(String id, boolean normalize) {
        float[] x = AudioLoader.load16k(dir.resolve("w/" + id + ".wav"));
        return normalize ? WaveformNormalizer.normalize(x) : x;
    }

    static List<AudioBatch> epoch(BatchConfig cfg, AudioCache cache, int epoch) {
        List<AudioBatch> out = new ArrayList<>();
        try (AudioBatchIterator it = new AudioBatchIterator(data, cfg, cache, epoch)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void evaluationBatchesAreFullLengthSortedPaddedAndMasked() {
        BatchConfig cfg = BatchConfig.evaluation(4);
        AudioCache cache = new AudioCache(1 << 26);
        List<AudioBatch> batches = epoch(cfg, cache, 0);
        assertEquals(3, batches.size());
        // Lengths at 16 kHz: 8 kHz files (u00, u03, u06, u09) double. u09 = 14600, u06 = 10400, u10 = 8000, u08 = 6600.
        assertEquals(List.of("u09", "u06", "u10", "u08"), batches.get(0).uttIds(), "longest first");
        assertEquals(3, batches.get(2).size(), "last batch keeps the remainder");
        Set<String> seen = new HashSet<>();
        for (AudioBatch b : batches) {
            int s = b.paddedSamples();
            assertEquals(b.uttIds().size(), b.waveform().size(0));
            for (int r = 0; r < b.size(); r++) {
                String id = b.uttIds().get(r);
                seen.add(id);
                float[] exp = expected16k(id, true);
                assertEquals(exp.length, b.lengths()[r], "full length in evaluation: " + id);
                float[] row = b.waveform().getRow(r).toFloatVector();
                float[] mask = b.sampleMask().getRow(r).toFloatVector();
                for (int t = 0; t < s; t++) {
                    if (t < exp.length) {
                        assertEquals(exp[t], row[t], 1e-5f, id + " sample " + t);
                        assertEquals(1f, mask[t]);
                    } else {
                        assertEquals(0f, row[t], "padding is 0");
                        assertEquals(0f, mask[t]);
                    }
                }
                int i = Integer.parseInt(id.substring(1));
                assertEquals(i % 4, b.emotion()[r]);
            }
            assertArrayEquals(FrameLengths.frameLengths(b.lengths()),
                    b.frameMask().sum(1).toIntVector(), "frame mask counts the valid frames");
        }
        assertEquals(11, seen.size());
        // Second pass is served from the cache.
        long misses = cache.misses();
        assertEquals(11, misses);
        epoch(cfg, cache, 1);
        assertEquals(11, cache.misses());
        assertEquals(11, cache.hits());
    }

    @Test
    void trainingCropsAreDeterministicForSeedAndEpoch() {
        BatchConfig cfg = new BatchConfig(3, 4000, true, 42L, false, true, 2, 2, 2, null, null);
        AudioCache cache = new AudioCache(1 << 26);
        List<AudioBatch> a = epoch(cfg, cache, 3);
        List<AudioBatch> b = epoch(cfg.withPrefetch(0, 1), new AudioCache(0), 3);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).uttIds(), b.get(i).uttIds(), "same order with and without prefetch/cache");
            assertEquals(a.get(i).waveform(), b.get(i).waveform(), "same crops");
        }
        List<AudioBatch> other = epoch(cfg, cache, 4);
        assertNotEquals(ids(a), ids(other), "another epoch, another order");
        // Every crop is a contiguous slice of the source at the seeded offset, no longer than the maximum.
        int cropped = 0;
        for (AudioBatch batch : a) {
            assertTrue(batch.paddedSamples() <= 4000);
            for (int r = 0; r < batch.size(); r++) {
                String id = batch.uttIds().get(r);
                float[] src = expected16k(id, false);
                int start = BatchBuilder.cropStart(cfg, 3, id, src.length);
                assertEquals(Math.min(4000, src.length), batch.lengths()[r]);
                float[] row = batch.waveform().getRow(r).toFloatVector();
                for (int t = 0; t < batch.lengths()[r]; t++) {
                    assertEquals(src[start + t], row[t], 0f);
                }
                if (src.length > 4000) {
                    cropped++;
                }
            }
        }
        assertTrue(cropped >= 5, "most utterances are longer than the crop");
        Set<Integer> starts = new HashSet<>();
        for (int e = 0; e < 10; e++) {
            starts.add(BatchBuilder.cropStart(cfg, e, "u10", 8000));
        }
        assertTrue(starts.size() > 5, "crops move between epochs: " + starts);
        assertEquals(BatchBuilder.cropStart(cfg, 7, "u10", 8000), BatchBuilder.cropStart(cfg, 7, "u10", 8000));
    }

    static List<String> ids(List<AudioBatch> bs) {
        List<String> out = new ArrayList<>();
        bs.forEach(b -> out.addAll(b.uttIds()));
        return out;
    }

    @Test
    void normalisationOverTheCropOnly() {
        BatchConfig cfg = new BatchConfig(11, 3000, true, 5L, true, false, 1, 0, 1, null, null);
        AudioBatch b = epoch(cfg, new AudioCache(0), 0).get(0);
        for (int r = 0; r < b.size(); r++) {
            String id = b.uttIds().get(r);
            float[] src = expected16k(id, false);
            int start = BatchBuilder.cropStart(cfg, 0, id, src.length);
            float[] crop = java.util.Arrays.copyOfRange(src, start, start + b.lengths()[r]);
            float[] exp = WaveformNormalizer.normalize(crop);
            float[] row = b.waveform().getRow(r).toFloatVector();
            for (int t = 0; t < exp.length; t++) {
                assertEquals(exp[t], row[t], 1e-5f);
            }
        }
    }

    @Test
    void multiDataSetLayoutAndEpochs() {
        AudioMultiDataSetIterator it = new AudioMultiDataSetIterator(data,
                new BatchConfig(4, 5000, true, 9L, true, true, 2, 2, 1, FrameLengths.HUBERT_KERNELS,
                        FrameLengths.HUBERT_STRIDES), new AudioCache(1 << 26));
        AudioBatch first = it.nextBatch();
        MultiDataSet mds = first.toMultiDataSet();
        assertEquals(3, mds.getFeatures().length);
        assertEquals(2, mds.getLabels().length);
        INDArray emo = mds.getLabels(0);
        assertArrayEquals(new long[] {first.size(), 4}, emo.shape());
        assertArrayEquals(new long[] {first.size(), 4}, mds.getLabels(1).shape());
        for (int r = 0; r < first.size(); r++) {
            assertEquals(1.0, emo.getRow(r).sumNumber().doubleValue(), 0);
            assertEquals(1.0, emo.getDouble(r, first.emotion()[r]), 0);
            assertEquals(1.0, mds.getLabels(1).getDouble(r, first.domain()[r]), 0);
            assertEquals(first.lengths()[r], mds.getFeatures(1).getRow(r).sumNumber().intValue());
        }
        assertEquals(mds.getFeatures(2).size(1), FrameLengths.frameLength(first.paddedSamples(),
                FrameLengths.HUBERT_KERNELS, FrameLengths.HUBERT_STRIDES));
        int n = 1;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        assertEquals(3, n);
        assertEquals(0, it.epoch());
        it.reset();
        assertEquals(1, it.epoch(), "reset after a used epoch moves on");
        it.reset();
        assertEquals(1, it.epoch(), "reset of an untouched epoch stays");
        it.setEpoch(0);
        assertEquals(first.uttIds(), it.nextBatch().uttIds(), "an epoch replays exactly");
        it.close();
    }

    @Test
    void frameLengthsFollowTheConvArithmetic() {
        // 16000 samples: 3199, 1599, 799, 399, 199, 99, 49 (HF gives 49 frames for one second).
        assertArrayEquals(new int[] {49, 1, 0, 0, 1, 2}, FrameLengths.frameLengths(new int[] {16000, 400, 399, 0,
                719, 720}));
        assertEquals(3, FrameLengths.frameLength(9, new int[] {3, 2}, new int[] {2, 1}), "(9-3)/2+1 = 4, (4-2)/1+1 = 3");
    }

    @Test
    void recordReaderGivesWaveformLabelsAndIds() throws Exception {
        AudioRecordReader rr = new AudioRecordReader(data, new AudioCache(0), false);
        assertEquals(EMO, rr.getLabels());
        Map<String, List<Writable>> byId = new HashMap<>();
        while (rr.hasNext()) {
            List<Writable> w = rr.next();
            byId.put(w.get(AudioRecordReader.UTT_ID).toString(), w);
        }
        assertEquals(11, byId.size());
        List<Writable> u3 = byId.get("u03");
        float[] wave = ((NDArrayWritable) u3.get(AudioRecordReader.WAVEFORM)).get().toFloatVector();
        assertArrayEquals(expected16k("u03", false), wave, 0f);
        assertEquals(3, u3.get(AudioRecordReader.EMOTION).toInt());
        assertEquals(DomainSet.DEFAULT.indexOf("JM"), u3.get(AudioRecordReader.DOMAIN).toInt());
        assertEquals("s0", u3.get(AudioRecordReader.SPEAKER).toString());
        rr.reset();
        var rec = rr.nextRecord();
        assertEquals(rec.getRecord().get(AudioRecordReader.UTT_ID),
                rr.loadFromMetaData(rec.getMetaData()).getRecord().get(AudioRecordReader.UTT_ID));
        try (var in = new java.io.DataInputStream(Files.newInputStream(dir.resolve("w/u00.wav")))) {
            List<Writable> w = rr.record(dir.resolve("w/u00.wav").toUri(), in);
            assertEquals(2000, ((NDArrayWritable) w.get(0)).get().length(), "8 kHz file resampled to 16 kHz");
        }
    }

    @Test
    void aBrokenFileNamesTheUtterance() throws Exception {
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "not audio");
        Manifest m = Manifest.of(List.of(new ManifestRow("broken", "bad.wav", "c", "en", "s", "F", "EF", 1, "ang",
                1.0, Map.of())), dir);
        AudioDataset d = AudioDataset.of(List.of(m), EmotionSet.DEFAULT, DomainSet.DEFAULT);
        try (AudioBatchIterator it = new AudioBatchIterator(d, BatchConfig.evaluation(2), new AudioCache(0), 0)) {
            BadInputException e = assertThrows(BadInputException.class, it::next);
            assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("bad.wav"), e.getMessage());
        }
    }
}
