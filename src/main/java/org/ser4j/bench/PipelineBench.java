package org.ser4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.audio.WavWriter;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.data.datavec.AudioBatch;
import org.ser4j.data.datavec.AudioBatchIterator;
import org.ser4j.data.datavec.AudioCache;
import org.ser4j.data.datavec.AudioDataset;
import org.ser4j.data.datavec.BatchConfig;
import org.ser4j.util.AtomicFiles;

/**
 * The {@code pipeline} case of {@code ser4j bench}: decode + resample + normalise + pad throughput of the batch
 * pipeline, in multiples of real time, with a cold cache (first epoch decodes every file) and a warm one (later
 * epochs). Generates its own WAV files (speech-length noise bursts at 16 kHz and at 44.1 kHz) in a temporary folder.
 */
final class PipelineBench {
    private PipelineBench() {}

    /**
     * Generates {@code files} WAVs per source rate (16 kHz and 44.1 kHz) in a temporary folder, times one cold epoch
     * and the best of {@code warmEpochs} warm epochs, deletes the folder, and returns the figures by name (per rate:
     * {@code audio_seconds}, {@code cold_wall_seconds}, {@code cold_x_realtime}, {@code warm_wall_seconds},
     * {@code warm_x_realtime}, {@code warm_epoch_seconds}).
     */
    static Map<String, Object> measure(int files, double meanSeconds, int warmEpochs, boolean print)
            throws IOException {
        Nd4j.create(1); // backend start-up is not part of the figure
        Path tmp = Files.createTempDirectory("ser4j-pipeline-bench");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("files_per_rate", files);
        result.put("mean_seconds", meanSeconds);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        try {
            for (int rate : new int[] {16_000, 44_100}) {
                Manifest m = generate(tmp.resolve("r" + rate), files, meanSeconds, rate);
                AudioDataset data = AudioDataset.of(List.of(m), EmotionSet.DEFAULT, DomainSet.DEFAULT);
                BatchConfig cfg = BatchConfig.evaluation(8);
                AudioCache cache = new AudioCache(Long.MAX_VALUE);
                Map<String, Object> r = new LinkedHashMap<>();
                double audio = m.rows().stream().mapToDouble(ManifestRow::durationS).sum();
                r.put("audio_seconds", audio);
                double cold = epochSeconds(data, cfg, cache, 0);
                double warm = Double.MAX_VALUE;
                List<Double> warmAll = new ArrayList<>();
                for (int e = 1; e <= warmEpochs; e++) {
                    double w = epochSeconds(data, cfg, cache, e);
                    warmAll.add(w);
                    warm = Math.min(warm, w);
                }
                r.put("cold_wall_seconds", cold);
                r.put("cold_x_realtime", audio / cold);
                r.put("warm_wall_seconds", warm);
                r.put("warm_x_realtime", audio / warm);
                r.put("warm_epoch_seconds", warmAll);
                result.put("rate_" + rate, r);
                if (print) {
                    System.out.printf("source %5d Hz: %.0f s of audio; cold %.2f s = %.0fx real time; warm %.3f s = "
                            + "%.0fx real time%n", rate, audio, cold, audio / cold, warm, audio / warm);
                }
            }
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
        return result;
    }

    private static double epochSeconds(AudioDataset data, BatchConfig cfg, AudioCache cache, int epoch) {
        long t0 = System.nanoTime();
        long samples = 0;
        try (AudioBatchIterator it = new AudioBatchIterator(data, cfg, cache, epoch)) {
            while (it.hasNext()) {
                AudioBatch b = it.next();
                for (int l : b.lengths()) {
                    samples += l;
                }
                b.toMultiDataSet();
            }
        }
        if (samples == 0) {
            throw new IllegalStateException("no audio went through the pipeline");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Manifest generate(Path dir, int n, double meanSeconds, int rate) throws IOException {
        Random rnd = new Random(20230101L + rate);
        List<ManifestRow> rows = new ArrayList<>();
        List<String> emo = EmotionSet.DEFAULT.labels();
        for (int i = 0; i < n; i++) {
            double sec = meanSeconds * (0.25 + 1.5 * rnd.nextDouble());
            int frames = (int) (sec * rate);
            float[] x = new float[frames];
            for (int t = 0; t < frames; t++) {
                x[t] = (float) (0.1 * rnd.nextGaussian());
            }
            String id = "b" + rate + "_" + i;
            WavWriter.writePcm16(dir.resolve(id + ".wav"), x, rate);
            String g = i % 2 == 0 ? "F" : "M";
            rows.add(new ManifestRow(id, id + ".wav", "bench", "en", "s" + i % 10, g, "E" + g, 1 + i % 5,
                    emo.get(i % 4), frames / (double) rate, Map.of()));
        }
        return Manifest.of(rows, dir);
    }

}
