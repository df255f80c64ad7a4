package org.ser4j.bench;

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
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.SystemInfo;
import org.ser4j.fusion.Gaussian;
import org.ser4j.util.Seeds;

/**
 * Seeded system folders ({@code predictions.csv} and {@code system.json}, see {@link SystemInfo}) without training,
 * for the fusion search's bench case and fusion demos. Logits follow truth-bonus + noise shared by all systems on
 * the utterance (hard utterances are hard for everyone) + noise shared by systems of the same mode (their errors
 * correlate more) + each system's own noise. With {@link Noise#paperLike()} a single system scores near the paper's
 * 73 % UAR and fusion gains several points.
 */
public final class SimulatedSystems {
    private SimulatedSystems() {}

    /** One utterance of the simulated test set. */
    public record Utterance(String uttId, String corpus, String language, int fold, int emotion) {}

    /** Noise levels of the logit model. */
    public record Noise(double truthBonus, double utterance, double mode, double system) {
        public static Noise paperLike() {
            return new Noise(3.2, 1.75, 0.4, 0.85);
        }
    }

    public static final List<String> LABELS = List.of("ang", "hap", "neu", "sad");

    /** What a caller adds to each system: more prediction rows, the split steps are selected on, more files. */
    public interface Extras {
        Extras NONE = new Extras() { };

        default void addRows(List<PredictionRow> rows, List<Integer> folds, long systemSeed) { }

        default String selectedOn() {
            return "test";
        }

        default void addFiles(Path dir, List<Integer> folds, long systemSeed) throws IOException { }
    }

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

    /** {@link #write(Path, String, List, int, List, Noise, long, Extras)} with test rows only. */
    public static List<Path> write(Path runs, String experiment, List<String> modes, int trials, List<Utterance> utts,
                                   Noise noise, long seed) throws IOException {
        return write(runs, experiment, modes, trials, utts, noise, seed, Extras.NONE);
    }

    /**
     * Writes {@code trials} systems per mode under {@code runs/experiment/mode/trial-<t>} and returns their folders
     * (sorted by path). Deterministic in {@code seed}.
     */
    public static List<Path> write(Path runs, String experiment, List<String> modes, int trials, List<Utterance> utts,
                                   Noise noise, long seed, Extras extras) throws IOException {
        int c = LABELS.size();
        double[][] shared = gaussians(utts.size(), c, noise.utterance(), Seeds.derive(seed, "utterance"));
        List<Path> dirs = new ArrayList<>();
        for (String mode : modes) {
            double[][] modeNoise = gaussians(utts.size(), c, noise.mode(), Seeds.derive(seed, "mode", mode));
            for (int t = 1; t <= trials; t++) {
                long sysSeed = Seeds.derive(seed, experiment, mode, t);
                Path dir = RunLayout.systemDir(runs, experiment, mode, t);
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
                extras.addRows(rows, folds, sysSeed);
                Files.createDirectories(dir);
                new PredictionTable(LABELS, rows).write(dir.resolve(RunLayout.PREDICTIONS));
                double gamma = mode.equals("mtl") ? 1 : mode.equals("dann") ? -1 : mode.startsWith("fake") ? 1 : 0;
                Map<String, Object> prov = new LinkedHashMap<>();
                prov.put("generator", "SimulatedSystems");
                prov.put("fixture_seed", seed);
                new SystemInfo(experiment, mode, gamma, t, sysSeed, LABELS, folds, extras.selectedOn(), prov)
                        .write(dir.resolve(RunLayout.SYSTEM));
                extras.addFiles(dir, folds, sysSeed);
                dirs.add(dir);
            }
        }
        dirs.sort(null);
        return dirs;
    }

    /** A rows x cols matrix of N(0, sigma^2) draws from {@code seed}. */
    public static double[][] gaussians(int rows, int cols, double sigma, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            for (int j = 0; j < cols; j++) {
                row[j] = sigma * Gaussian.next(rnd);
            }
        }
        return g;
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
