package org.ser4j.fusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.ser4j.eval.PredictionRow;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.SystemInfo;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.Seeds;

/**
 * Writes realistic, seeded system folders (docs/contracts.md §4) for tests, benchmarks and demos of fusion and reports; no
 * training involved. Logits follow truth-bonus + noise shared by all systems on the utterance (hard utterances are
 * hard for everyone) + noise shared by systems of the same mode (their errors correlate more) + each system's own
 * noise. With the defaults a single system scores near the paper's 73 % UAR and fusion gains several points.
 */
public final class SystemFixtures {
    private SystemFixtures() {}

    /** One utterance of the simulated test set. */
    public record Utterance(String uttId, String corpus, String language, int fold, int emotion) {}

    /** Noise levels of the logit model. */
    public record Noise(double truthBonus, double utterance, double mode, double system) {
        public static Noise paperLike() {
            return new Noise(3.2, 1.75, 0.4, 0.85);
        }
    }

    public static final List<String> LABELS = List.of("ang", "hap", "neu", "sad");

    /**
     * IEMOCAP-sized test set: 5,531 utterances, class counts 1103/1636/1708/1084, five sessions of 1085, 1023, 1151,
     * 1031 and 1241 utterances, emotions shuffled with a seed.
     */
    public static List<Utterance> iemocapLike(long seed) {
        int[] classCount = {1103, 1636, 1708, 1084};
        int[] foldSize = {1085, 1023, 1151, 1031, 1241};
        List<Integer> emotions = new ArrayList<>();
        for (int c = 0; c < classCount.length; c++) {
            for (int i = 0; i < classCount[c]; i++) {
                emotions.add(c);
            }
        }
        shuffle(emotions, new SplittableRandom(seed));
        List<Utterance> out = new ArrayList<>();
        int next = 0;
        for (int f = 0; f < foldSize.length; f++) {
            for (int i = 0; i < foldSize[f]; i++) {
                out.add(new Utterance(String.format("Ses%02d_u%04d", f + 1, i), "iemocap", "en", f + 1,
                        emotions.get(next++)));
            }
        }
        return out;
    }

    /** A small two-language set like the synthetic corpus: {@code perFold} utterances per fold and language. */
    public static List<Utterance> twoLanguages(int folds, int perFold, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Utterance> out = new ArrayList<>();
        for (String lang : List.of("en", "ja")) {
            for (int f = 1; f <= folds; f++) {
                for (int i = 0; i < perFold; i++) {
                    out.add(new Utterance(String.format("%s-s%d-%04d", lang, f, i), "synth", lang, f,
                            rnd.nextInt(LABELS.size())));
                }
            }
        }
        return out;
    }

    /** Options of one generated system set. */
    public record Options(boolean devRows, int embeddingDim, boolean metrics) {
        public static Options plain() {
            return new Options(false, 0, false);
        }
    }

    /**
     * Writes {@code trials} systems per mode under {@code runs/experiment/mode/trial-<t>} and returns their folders
     * (sorted by path). Deterministic in {@code seed}.
     */
    public static List<Path> write(Path runs, String experiment, List<String> modes, int trials,
                                   List<Utterance> utts, Noise noise, long seed, Options options) throws IOException {
        int c = LABELS.size();
        double[][] shared = gaussians(utts.size(), c, noise.utterance(), Seeds.derive(seed, "utterance"));
        List<Path> dirs = new ArrayList<>();
        for (String mode : modes) {
            double[][] modeNoise = gaussians(utts.size(), c, noise.mode(), Seeds.derive(seed, "mode", mode));
            for (int t = 1; t <= trials; t++) {
                long sysSeed = Seeds.derive(seed, experiment, mode, t);
                Path dir = runs.resolve(experiment).resolve(mode).resolve("trial-" + t);
                double[][] own = gaussians(utts.size(), c, noise.system(), sysSeed);
                List<PredictionRow> rows = new ArrayList<>();
                for (int i = 0; i < utts.size(); i++) {
                    Utterance u = utts.get(i);
                    double[] logits = new double[c];
                    for (int j = 0; j < c; j++) {
                        logits[j] = (j == u.emotion() ? noise.truthBonus() : 0) + shared[i][j] + modeNoise[i][j]
                                + own[i][j];
                    }
                    rows.add(new PredictionRow(u.uttId(), u.corpus(), u.language(), u.fold(), "test", 1000,
                            LABELS.get(u.emotion()), logits));
                }
                List<Integer> folds = utts.stream().map(Utterance::fold).distinct().sorted().toList();
                if (options.devRows()) {
                    addDevRows(rows, utts, folds, noise, sysSeed);
                }
                Files.createDirectories(dir);
                new PredictionTable(LABELS, rows).write(dir.resolve("predictions.csv"));
                double gamma = mode.equals("mtl") ? 1 : mode.equals("dann") ? -1 : mode.startsWith("fake") ? 1 : 0;
                Map<String, Object> prov = new LinkedHashMap<>();
                prov.put("generator", "SystemFixtures");
                prov.put("fixture_seed", seed);
                new SystemInfo(experiment, mode, gamma, t, sysSeed, LABELS, folds, options.devRows() ? "dev" : "test",
                        prov).write(dir.resolve("system.json"));
                if (options.metrics()) {
                    writeMetrics(dir, folds, sysSeed);
                }
                if (options.embeddingDim() > 0) {
                    writeEmbeddings(dir, utts, folds, options.embeddingDim(), seed, sysSeed);
                }
                dirs.add(dir);
            }
        }
        dirs.sort(null);
        return dirs;
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
                    logits[j] = (j == u.emotion() ? noise.truthBonus() : 0) + total * gaussian(rnd);
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
                double uar = 0.25 + 0.48 * (1 - Math.exp(-step / 250.0)) + 0.01 * gaussian(rnd);
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
        double[][] prototype = gaussians(c, dim, 1.0, Seeds.derive(seed, "prototype"));
        double[][] latent = gaussians(utts.size(), dim, 1.2, Seeds.derive(seed, "latent"));
        double[][] mix = gaussians(dim, dim, 1.0 / Math.sqrt(dim), Seeds.derive(sysSeed, "mix"));
        double[][] own = gaussians(utts.size(), dim, 0.9, Seeds.derive(sysSeed, "embedding-noise"));
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

    private static double[][] gaussians(int rows, int cols, double sigma, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            for (int j = 0; j < cols; j++) {
                row[j] = sigma * gaussian(rnd);
            }
        }
        return g;
    }

    /** Box-Muller from a SplittableRandom (which has no nextGaussian before Java 17's RandomGenerator default). */
    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
