package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.config.ResultConfig;
import org.ser4j.eval.RunLayout;
import org.ser4j.provenance.ProvenanceFiles;
import org.ser4j.provenance.RunProvenance;
import org.ser4j.util.BadInputException;

/**
 * Fake-domain step 1 taken from a finished MTL fold: accepted only when that fold is what step 1 trained inside this
 * fold would be, i.e. an {@code mtl} run of the same trial, fold and seed whose resolved config agrees with this
 * experiment's in every key that can change step 1 (data, labels and domain order, the whole model section with its
 * pooled-statistics mode, and the training schedule with its learning rates).
 */
public final class Step1Reuse {
    /** {@code train.step1_system} value that asks for step 1 to be trained inside each fake-domain fold. */
    static final String IN_FOLD = "in-fold";

    /**
     * Keys that cannot change step 1's selected weights: the experiment's name, step 2's own settings, whether
     * embeddings are written, how often checkpoints are written (resume is exact) and the gradient reversal, which an
     * MTL model does not have.
     */
    static final Set<String> NOT_STEP1 = Set.of("name", "train.fake_steps", "train.step1_system", "train.embeddings",
            "train.checkpoint_every", "train.grl");

    private Step1Reuse() {
    }

    /** {@code key: step 1 -> step 2} for each key that can change step 1 and differs; empty when none. */
    public static String differences(ResultConfig step1, ResultConfig step2) {
        return step1.without(NOT_STEP1).describeDifferences(step2.without(NOT_STEP1));
    }

    /**
     * Refuses with {@link BadInputException} when {@code mtlFold} is not finished, or is not the MTL run that
     * step 1 of (trial, fold, seed) under {@code exp} would be; the message names what differs.
     */
    static void requireReusable(Path mtlFold, ResolvedExperiment exp, int trial, int fold, long seed)
            throws IOException {
        Path prov = mtlFold.resolve(RunLayout.PROVENANCE);
        if (!ProvenanceFiles.isDone(prov) || !ModelDirectoryExporter.hasWeights(mtlFold.resolve(RunLayout.MODEL))) {
            throw new BadInputException("fold " + fold + ": fake-domain step 1 needs the finished MTL fold " + mtlFold
                    + " (train.step1_system); train that MTL system first, or set train.step1_system: " + IN_FOLD
                    + " to train step 1 inside each fold");
        }
        RunProvenance p = ProvenanceFiles.read(prov);
        List<String> differs = new ArrayList<>();
        if (!Mode.MTL.configName().equals(p.mode())) {
            differs.add("mode: " + p.mode() + " (step 1 is mtl)");
        }
        if (p.trial() != trial) {
            differs.add("trial: " + p.trial() + " -> " + trial);
        }
        if (p.fold() != fold) {
            differs.add("fold: " + p.fold() + " -> " + fold);
        }
        if (p.seed() != seed) {
            differs.add("fold seed: " + p.seed() + " -> " + seed);
        }
        Path recorded = mtlFold.resolve(RunLayout.CONFIG);
        if (!Files.isRegularFile(recorded)) {
            differs.add("config: " + recorded + " missing");
        } else {
            String keys = differences(ResultConfig.of(Files.readString(recorded), recorded.toString()),
                    ResultConfig.of(exp));
            if (!keys.isEmpty()) {
                differs.add(keys);
            }
        }
        if (!differs.isEmpty()) {
            throw new BadInputException("fold " + fold + ": the MTL fold " + mtlFold + " is not this experiment's "
                    + "fake-domain step 1; differing keys: " + String.join(", ", differs) + " (make the configs agree, "
                    + "or set train.step1_system: " + IN_FOLD + ")");
        }
    }
}
