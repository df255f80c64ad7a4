package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.GrlConfig;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.config.Selection;
import org.ser4j.provenance.ProvenanceFiles;
import org.ser4j.provenance.RunProvenance;
import org.ser4j.provenance.RunStatus;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Sha256;

/** Issue 21: a fold checkpoint records its config; a resume is exact or refused, naming the keys that differ. */
class ResumeUnderConfigTest {
    private static TrainSettings settings(double lrHeads) {
        return new TrainSettings("train", 12, 4, 2, 5e-3, lrHeads, 0.2, 0.01, 1.0, 4, 3, Selection.TEST,
                new GrlConfig("ganin", 1.0), 3200, 0, 8, Set.of("fe.conv.weight"), null, 42, false);
    }

    /** A resolved config as SystemRunner hands it over; only its text matters to the trainer. */
    private static ResolvedExperiment resolved(double lrHeads, boolean progress) {
        String yaml = String.join("\n", "name: resume", "seed: 42", "trials: 1", "folds: [1]",
                "train:", "  steps: 12", "  lr_encoder: 0.005", "  lr_heads: " + lrHeads, "  progress: " + progress, "");
        return new ResolvedExperiment(null, yaml, Sha256.hex(yaml), Path.of("resume.yaml"));
    }

    private static FoldTrainer trainer(MultitaskModel m, SyntheticExamples data, double lrHeads, Path dir) {
        return FoldTrainerTest.trainer(m, data, settings(lrHeads), dir);
    }

    @Test
    void resumeUnderAChangedLearningRateIsRefusedAndTheSameConfigResumesBitIdentically(@TempDir Path dir)
            throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 3, 9);
        MultitaskModel straight = FoldTrainerTest.dann();
        FoldTrainer.Outcome whole = trainer(straight, data, 1e-2, dir.resolve("a")).underConfig(resolved(1e-2, true))
                .run();

        FoldTrainer crashing = trainer(FoldTrainerTest.dann(), data, 1e-2, dir.resolve("b"))
                .underConfig(resolved(1e-2, true));
        crashing.crashAfter(7);
        assertThrows(FoldTrainer.SimulatedCrash.class, crashing::run);
        Path trainerJson = dir.resolve("b/checkpoint/trainer.json");
        String checkpointBefore = Files.readString(trainerJson);

        FoldTrainer changed = trainer(FoldTrainerTest.dann(), data, 2e-2, dir.resolve("b"))
                .underConfig(resolved(2e-2, true));
        BadInputException e = assertThrows(BadInputException.class, changed::run);
        assertTrue(e.getMessage().contains("differing keys: train.lr_heads: 0.01 -> 0.02"), e.getMessage());
        assertEquals(checkpointBefore, Files.readString(trainerJson), "a refused resume leaves the checkpoint");

        // train.progress cannot change results: the resume goes on and ends as the uninterrupted run
        MultitaskModel resumed = FoldTrainerTest.dann();
        FoldTrainer.Outcome again = trainer(resumed, data, 1e-2, dir.resolve("b")).underConfig(resolved(1e-2, false))
                .run();
        for (String v : straight.allVariables()) {
            assertEquals(straight.sameDiff().getVariable(v).getArr(), resumed.sameDiff().getVariable(v).getArr(), v);
        }
        assertEquals(whole.selectedStep(), again.selectedStep());
        assertEquals(Files.readString(dir.resolve("a/metrics.jsonl")), Files.readString(dir.resolve("b/metrics.jsonl")));
    }

    @Test
    void aCheckpointThatRecordsNoConfigIsNotResumedUnderOne(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 3, 9);
        FoldTrainer crashing = trainer(FoldTrainerTest.dann(), data, 1e-2, dir);
        crashing.crashAfter(4);
        assertThrows(FoldTrainer.SimulatedCrash.class, crashing::run);
        FoldTrainer underConfig = trainer(FoldTrainerTest.dann(), data, 1e-2, dir).underConfig(resolved(1e-2, true));
        BadInputException e = assertThrows(BadInputException.class, underConfig::run);
        assertTrue(e.getMessage().contains("records no config"), e.getMessage());
    }

    /**
     * Through SystemRunner: a fold left RUNNING with a checkpoint is refused under a changed train.lr_heads before
     * its config.resolved.yaml and provenance.json are rewritten; a finished fold is reused under a changed
     * train.progress and refused under a changed train.lr_heads, naming it.
     */
    @Test
    void systemRunnerRefusesAFoldUnderAChangedLearningRateAndReusesItUnderAnotherProgressBar(@TempDir Path dir)
            throws Exception {
        Path manifest = SystemRunnerTest.writeCorpus(dir.resolve("corpus"), new SyntheticExamples(3, 2, 5));
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, String.join("\n", "name: resume", "seed: 7", "trials: 1", "folds: [1]", "modes: [mtl]",
                "runs_dir: " + dir.resolve("runs"),
                "data: {corpora: [{manifest: " + manifest + "}], max_train_seconds: 0.2}",
                "model: {encoder: tiny, freeze_feature_encoder: true, head_width: 6}",
                "train: {steps: 4, batch_size: 4, grad_accum: 1, lr_encoder: 1.0e-3, lr_heads: 1.0e-2, eval_every: 2,",
                "        checkpoint_every: 2, progress: false}", ""));
        ExperimentLoader loader = new ExperimentLoader(Map.of());
        ResolvedExperiment exp = loader.load(yaml, List.of());
        ExperimentData data = ExperimentData.load(exp.config().data(), dir);
        SystemRunner runner = new SystemRunner(exp, data, SystemRunnerTest.tinyProvider(), dir, null);
        runner.runSystem(Mode.MTL, 1);
        Path fd = runner.systemDir(Mode.MTL, 1).resolve("fold-1");
        // as after a crash before the fold was marked finished: provenance RUNNING, checkpoint present
        RunProvenance done = ProvenanceFiles.read(fd.resolve("provenance.json"));
        ProvenanceFiles.write(fd.resolve("provenance.json"), new RunProvenance(done.experiment(), done.mode(),
                done.trial(), done.fold(), done.seed(), done.configSha256(), done.git(), done.env(), done.data(),
                done.weights(), RunStatus.RUNNING, done.startedAt(), null, null, null));
        String configBefore = Files.readString(fd.resolve("config.resolved.yaml"));

        ResolvedExperiment changed = loader.load(yaml, List.of("train.lr_heads=0.02"));
        SystemRunner other = new SystemRunner(changed, data, SystemRunnerTest.tinyProvider(), dir, null);
        BadInputException e = assertThrows(BadInputException.class, () -> other.runSystem(Mode.MTL, 1));
        assertTrue(e.getMessage().contains("train.lr_heads: 0.01 -> 0.02"), e.getMessage());
        assertEquals(configBefore, Files.readString(fd.resolve("config.resolved.yaml")), "config file kept");
        assertEquals(RunStatus.RUNNING, ProvenanceFiles.read(fd.resolve("provenance.json")).status());

        ProvenanceFiles.write(fd.resolve("provenance.json"), done);
        long written = Files.getLastModifiedTime(fd.resolve("predictions.csv")).toMillis();
        ResolvedExperiment withBar = loader.load(yaml, List.of("train.progress=true"));
        new SystemRunner(withBar, data, SystemRunnerTest.tinyProvider(), dir, null).runSystem(Mode.MTL, 1);
        assertEquals(written, Files.getLastModifiedTime(fd.resolve("predictions.csv")).toMillis(), "reused");
        BadInputException e2 = assertThrows(BadInputException.class, () -> other.runSystem(Mode.MTL, 1));
        assertTrue(e2.getMessage().contains("another configuration (train.lr_heads: 0.01 -> 0.02)"), e2.getMessage());
    }
}
