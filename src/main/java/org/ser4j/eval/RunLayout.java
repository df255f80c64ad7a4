package org.ser4j.eval;

import java.nio.file.Path;

/**
 * The names of a run folder's files and folders: {@code <runs>/<experiment>/<mode>/trial-<t>/} holds a system
 * ({@link #SYSTEM}, the pooled {@link #PREDICTIONS}, {@link #EMBEDDINGS}) and one {@code fold-<k>/} per fold
 * ({@link #PROVENANCE}, {@link #CONFIG}, {@link #METRICS}, {@link #PREDICTIONS}, {@link #EVALS}, {@link #MODEL},
 * {@link #CHECKPOINT}, {@code best-<step>/}, and {@link #STEP1} for an in-fold fake-domain step 1).
 */
public final class RunLayout {
    public static final String SYSTEM = "system.json";
    public static final String PREDICTIONS = "predictions.csv";
    public static final String METRICS = "metrics.jsonl";
    public static final String EVALS = "evals";
    public static final String MODEL = "model";
    public static final String CHECKPOINT = "checkpoint";
    public static final String PROVENANCE = "provenance.json";
    public static final String CONFIG = "config.resolved.yaml";
    public static final String EMBEDDINGS = "embeddings";
    /** Fake-domain step 1 trained inside a fold folder ({@code train.step1_system: in-fold}). */
    public static final String STEP1 = "step1";
    /** Lock file of a system folder: one process writes a system at a time. */
    public static final String LOCK = ".lock";
    /** Caches shared by the experiments of a runs folder (the frozen CNN's features). */
    public static final String CACHE = ".cache";
    public static final String FOLD_PREFIX = "fold-";
    public static final String TRIAL_PREFIX = "trial-";
    /** Prefix of a fold's folders of the selected weights so far, {@code best-<step>}. */
    public static final String BEST_PREFIX = "best-";

    private RunLayout() {}

    /** {@code <runs>/<experiment>/<mode>/trial-<t>}. */
    public static Path systemDir(Path runs, String experiment, String mode, int trial) {
        return runs.resolve(experiment).resolve(mode).resolve(TRIAL_PREFIX + trial);
    }

    public static Path trialDir(Path modeDir, int trial) {
        return modeDir.resolve(TRIAL_PREFIX + trial);
    }

    public static Path foldDir(Path systemDir, int fold) {
        return systemDir.resolve(FOLD_PREFIX + fold);
    }

    /** Whether a folder name is a fold folder's ({@code fold-<k>}). */
    public static boolean isFoldDir(Path dir) {
        return dir.getFileName().toString().startsWith(FOLD_PREFIX);
    }

    /** The test and dev predictions of one evaluation: {@code evals/step-<N>.csv}. */
    public static Path evalPredictions(Path foldDir, long step) {
        return foldDir.resolve(EVALS).resolve("step-" + step + ".csv");
    }

    public static Path bestDir(Path foldDir, int step) {
        return foldDir.resolve(BEST_PREFIX + step);
    }

    /** {@code embeddings/fold-<k>-<split>.npy}: one float32 row per utterance. */
    public static Path embeddingMatrix(Path systemDir, int fold, String split) {
        return systemDir.resolve(EMBEDDINGS).resolve(embeddingBase(fold, split) + ".npy");
    }

    /** {@code embeddings/fold-<k>-<split>.csv}: the utterance ids of the matrix's rows. */
    public static Path embeddingIds(Path systemDir, int fold, String split) {
        return systemDir.resolve(EMBEDDINGS).resolve(embeddingBase(fold, split) + ".csv");
    }

    public static String embeddingBase(int fold, String split) {
        return FOLD_PREFIX + fold + "-" + split;
    }
}
