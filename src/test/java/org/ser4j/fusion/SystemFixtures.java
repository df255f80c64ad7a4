package org.ser4j.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.ser4j.bench.SimulatedSystems;
import org.ser4j.bench.SimulatedSystems.Noise;
import org.ser4j.bench.SimulatedSystems.Utterance;
import org.ser4j.eval.PredictionRow;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.Npy;
import org.ser4j.util.Seeds;

/**
 * {@link SimulatedSystems} for tests of fusion and reports, with what those tests need beyond test rows: dev rows
 * (steps selected on dev), {@code metrics.jsonl} per fold and {@code embeddings/}.
 */
public final class SystemFixtures {
    private SystemFixtures() {}

    public static final List<String> LABELS = SimulatedSystems.LABELS;

    /** Options of one generated system set. */
    public record Options(boolean devRows, int embeddingDim, boolean metrics) {
        public static Options plain() {
            return new Options(false, 0, false);
        }
    }

    public static List<Utterance> iemocapLike(long seed) {
        return SimulatedSystems.iemocapLike(seed);
    }

    public static List<Utterance> twoLanguages(int folds, int perFold, long seed) {
        return SimulatedSystems.twoLanguages(folds, perFold, seed);
    }

    /** {@link SimulatedSystems#write} with the {@code options}' extras. */
    public static List<Path> write(Path runs, String experiment, List<String> modes, int trials,
                                   List<Utterance> utts, Noise noise, long seed, Options options) throws IOException {
        return SimulatedSystems.write(runs, experiment, modes, trials, utts, noise, seed, new SimulatedSystems.Extras() {
            @Override
            public void addRows(List<PredictionRow> rows, List<Integer> folds, long systemSeed) {
                if (options.devRows()) {
                    addDevRows(rows, utts, folds, noise, systemSeed);
                }
            }

            @Override
            public String selectedOn() {
                return options.devRows() ? "dev" : "test";
            }

            @Override
            public void addFiles(Path dir, List<Integer> folds, long systemSeed) throws IOException {
                if (options.metrics()) {
                    writeMetrics(dir, folds, systemSeed);
                }
                if (options.embeddingDim() > 0) {
                    writeEmbeddings(dir, utts, folds, options.embeddingDim(), seed, systemSeed);
                }
            }
        });
    }

    /** Dev rows of fold k: every third utterance of the next fold (a training session of fold k), fresh noise. */
    private static void addDevRows(List<PredictionRow> rows, List<Utterance> utts, List<Integer> folds, Noise noise,
                                   long sysSeed) {
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(sysSeed, "dev"));
        int c = LABELS.size();
        for (int fi = 0; fi < folds.size(); fi++) {
            int k = folds.get(fi);
            int source = folds.get((fi + 1) % folds.size());
            int n = 0;
            for (Utterance u : utts) {
                if (u.fold() != source || n++ % 3 != 0) {
                    continue;
                }
                double[] logits = new double[c];
                double total = Math.sqrt(noise.utterance() * noise.utterance() + noise.mode() * noise.mode()
                        + noise.system() * noise.system());
                for (int j = 0; j < c; j++) {
                    logits[j] = (j == u.emotion() ? noise.truthBonus() : 0) + total * Gaussian.next(rnd);
                }
                rows.add(new PredictionRow(u.uttId(), u.corpus(), u.language(), k, "dev", 1000,
                        LABELS.get(u.emotion()), logits));
            }
        }
    }

    private static void writeMetrics(Path dir, List<Integer> folds, long sysSeed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(sysSeed, "metrics"));
        for (int k : folds) {
            StringBuilder sb = new StringBuilder();
            for (int step = 100; step <= 1000; step += 100) {
                double uar = 0.25 + 0.48 * (1 - Math.exp(-step / 250.0)) + 0.01 * Gaussian.next(rnd);
                double loss = 1.386 * Math.exp(-step / 400.0) + 0.3;
                sb.append(String.format(java.util.Locale.ROOT,
                        "{\"step\":%d,\"split\":\"test\",\"uar\":%.4f,\"war\":%.4f,\"loss_emo\":%.4f,"
                                + "\"loss_dom\":%.4f,\"dom_acc\":%.4f}%n",
                        step, uar, uar + 0.005, loss, loss * 0.8, 0.6 + 0.3 * step / 1000.0));
            }
            AtomicFiles.writeString(dir.resolve("fold-" + k).resolve("metrics.jsonl"), sb.toString());
        }
    }

    /**
     * Embeddings: a class prototype plus an utterance latent shared by all systems, seen through a system-specific
     * random mixing, plus the system's own noise. Train rows of fold k are the utterances of the other folds.
     */
    private static void writeEmbeddings(Path dir, List<Utterance> utts, List<Integer> folds, int dim, long seed,
                                        long sysSeed) throws IOException {
        int c = LABELS.size();
        double[][] prototype = SimulatedSystems.gaussians(c, dim, 1.0, Seeds.derive(seed, "prototype"));
        double[][] latent = SimulatedSystems.gaussians(utts.size(), dim, 1.2, Seeds.derive(seed, "latent"));
        double[][] mix = SimulatedSystems.gaussians(dim, dim, 1.0 / Math.sqrt(dim), Seeds.derive(sysSeed, "mix"));
        double[][] own = SimulatedSystems.gaussians(utts.size(), dim, 0.9, Seeds.derive(sysSeed, "embedding-noise"));
        for (int k : folds) {
            for (String split : List.of("train", "test")) {
                List<Integer> sel = new ArrayList<>();
                for (int i = 0; i < utts.size(); i++) {
                    if ((utts.get(i).fold() == k) == split.equals("test")) {
                        sel.add(i);
                    }
                }
                float[] data = new float[sel.size() * dim];
                StringBuilder ids = new StringBuilder("utt_id\n");
                for (int r = 0; r < sel.size(); r++) {
                    int i = sel.get(r);
                    ids.append(utts.get(i).uttId()).append('\n');
                    for (int a = 0; a < dim; a++) {
                        double v = own[i][a];
                        for (int b = 0; b < dim; b++) {
                            v += mix[a][b] * (prototype[utts.get(i).emotion()][b] + latent[i][b]);
                        }
                        data[r * dim + a] = (float) v;
                    }
                }
                Path emb = dir.resolve("embeddings");
                Npy.write(emb.resolve("fold-" + k + "-" + split + ".npy"), new Npy.Matrix(sel.size(), dim, data));
                AtomicFiles.writeString(emb.resolve("fold-" + k + "-" + split + ".csv"), ids.toString());
            }
        }
    }
}
