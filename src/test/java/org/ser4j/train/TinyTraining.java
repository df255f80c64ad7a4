package org.ser4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;

/**
 * A tiny but real training experiment for the reliability suite (tests only): the synthetic trainer corpus written
 * as WAV files + manifest, a YAML experiment (one DANN system, two folds), and the {@link SystemRunner} over the
 * small test encoder. {@link #main} runs it in a child JVM, so that a test can kill -9 it mid-run.
 */
public final class TinyTraining {
    public static final Mode MODE = Mode.DANN;

    private TinyTraining() {}

    /** Writes corpus and experiment under {@code dir}; returns the YAML file. */
    public static Path writeExperiment(Path dir, int steps, int checkpointEvery, int evalEvery) throws Exception {
        Path manifest = SystemRunnerTest.writeCorpus(dir.resolve("corpus"), new SyntheticExamples(2, 2, 5));
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, String.join("\n",
                "name: reliability",
                "seed: 11",
                "trials: 1",
                "folds: [1, 2]",
                "modes: [" + MODE + "]",
                "runs_dir: runs",
                "data:",
                "  corpora: [{manifest: " + manifest + "}]",
                "  dev_speakers: 0",
                "  max_train_seconds: 0.2",
                "model: {encoder: tiny, freeze_feature_encoder: true, head_width: 6}",
                "train: {steps: " + steps + ", batch_size: 4, grad_accum: 1, lr_encoder: 1.0e-3, lr_heads: 1.0e-2,",
                "        warmup_ratio: 0.1, weight_decay: 0.01, clip_norm: 1.0, eval_every: " + evalEvery + ",",
                "        checkpoint_every: " + checkpointEvery + ", selection: test, embeddings: false,",
                "        eval_batch_size: 8, progress: false}",
                ""));
        return yaml;
    }

    /** The runner of the experiment in {@code yaml}, writing under {@code workDir}/runs. */
    public static SystemRunner runner(Path yaml, Path workDir) {
        ResolvedExperiment exp = new ExperimentLoader(Map.of()).load(yaml, List.of());
        ExperimentData data = ExperimentData.load(exp.config().data(), workDir);
        return new SystemRunner(exp, data, SystemRunnerTest.tinyProvider(), workDir, null);
    }

    /** The system folder the experiment writes. */
    public static Path systemDir(Path yaml, Path workDir) {
        return runner(yaml, workDir).systemDir(MODE, 1);
    }

    /** Child-JVM entry: {@code TinyTraining <exp.yaml> <workDir>}; trains the system and prints DONE. */
    public static void main(String[] args) throws Exception {
        runner(Path.of(args[0]), Path.of(args[1])).runSystem(MODE, 1);
        System.out.println("DONE");
        System.exit(0);
    }
}
