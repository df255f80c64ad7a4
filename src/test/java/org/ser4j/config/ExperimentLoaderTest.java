package org.ser4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

class ExperimentLoaderTest {
    static final String BASE = String.join("\n",
            "name: multi-corpus",
            "scale: paper",
            "seed: 1993",
            "trials: 10",
            "modes: [vanilla, mtl, dann]",
            "data:",
            "  corpora:",
            "    - {manifest: '${SER4J_IEMOCAP}/manifest.csv'}",
            "  dev_speakers: 0",
            "  max_train_seconds: 6.0",
            "model: {encoder: hubert-large, weights: models/hubert-large-ll60k, freeze_feature_encoder: true, head_width: 256}",
            "train:",
            "  steps: 2000",
            "  batch_size: 4",
            "  grad_accum: 2",
            "  lr_encoder: 1.0e-5",
            "  lr_heads: 1.0e-4",
            "  warmup_ratio: 0.1",
            "  weight_decay: 0.01",
            "  clip_norm: 1.0",
            "  eval_every: 100",
            "  checkpoint_every: 100",
            "  grl: {schedule: ganin, lambda: 1.0}",
            "scales:",
            "  demo:",
            "    trials: 2",
            "    model.encoder: tiny",
            "    model.weights: null",
            "    train.steps: 40",
            "    data.corpora: [{manifest: synth/manifest.csv}]",
            "");

    static Path write(Path dir, String text) throws Exception {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void paperScaleResolvesEnvironmentAndWritesCanonicalYaml(@TempDir Path dir) throws Exception {
        ResolvedExperiment r = new ExperimentLoader(Map.of("SER4J_IEMOCAP", "/data/iemocap")).load(write(dir, BASE), List.of());
        ExperimentConfig c = r.config();
        assertEquals("/data/iemocap/manifest.csv", c.data().corpora().get(0).manifest());
        assertEquals(10, c.trials());
        assertEquals(List.of(1, 2, 3, 4, 5), c.folds());
        assertEquals("ganin", c.train().grl().schedule());
        assertEquals(Selection.TEST, c.train().selection());
        assertFalse(r.yaml().contains("scales"), "the applied scale blocks are not part of the resolved config");
        assertTrue(r.yaml().contains("lr_encoder: 1.0E-5") || r.yaml().contains("lr_encoder: 1.0e-5"), r.yaml());
        // resolved text parses back to the same config and hash
        ExperimentConfig back = ExperimentLoader.parseResolved(r.yaml(), "resolved");
        assertEquals(c.withoutScales(), back);
        ResolvedExperiment again = new ExperimentLoader(Map.of("SER4J_IEMOCAP", "/data/iemocap")).load(write(dir, BASE), List.of());
        assertEquals(r.sha256(), again.sha256());
    }

    @Test
    void demoScaleAndSetOverridesApplyInOrder(@TempDir Path dir) throws Exception {
        Path f = write(dir, BASE);
        // demo blocks do not need the paper's environment variables
        ResolvedExperiment r = new ExperimentLoader(Map.of()).load(f,
                List.of("scale=demo", "train.steps=7", "train.selection=dev", "folds=[1,2]"));
        ExperimentConfig c = r.config();
        assertEquals("demo", c.scale());
        assertEquals("tiny", c.model().encoder());
        assertEquals(null, c.model().weights());
        assertEquals(7, c.train().steps(), "--set wins over the scale block");
        assertEquals(2, c.trials());
        assertEquals(Selection.DEV, c.train().selection());
        assertEquals(List.of(1, 2), c.folds());
        assertEquals("synth/manifest.csv", c.data().corpora().get(0).manifest());
        ResolvedExperiment r2 = new ExperimentLoader(Map.of()).load(f, List.of("scale=demo", "train.steps=8"));
        assertNotEquals(r.sha256(), r2.sha256());
    }

    @Test
    void unknownKeyIsAnErrorNamingKeyAndFile(@TempDir Path dir) throws Exception {
        Path f = write(dir, BASE.replace("  batch_size: 4", "  batch_sise: 4"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ExperimentLoader(Map.of("SER4J_IEMOCAP", "/d")).load(f, List.of()));
        assertTrue(e.getMessage().contains("train.batch_sise"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());

        BadInputException viaSet = assertThrows(BadInputException.class,
                () -> new ExperimentLoader(Map.of("SER4J_IEMOCAP", "/d")).load(write(dir, BASE), List.of("model.encodr=x")));
        assertTrue(viaSet.getMessage().contains("model.encodr"), viaSet.getMessage());
    }

    @Test
    void badValuesAndMissingEnvironmentAreNamed(@TempDir Path dir) throws Exception {
        BadInputException env = assertThrows(BadInputException.class,
                () -> new ExperimentLoader(Map.of()).load(write(dir, BASE), List.of()));
        assertTrue(env.getMessage().contains("SER4J_IEMOCAP"), env.getMessage());
        BadInputException mode = assertThrows(BadInputException.class,
                () -> new ExperimentLoader(Map.of("SER4J_IEMOCAP", "/d")).load(write(dir, BASE), List.of("modes=[mtl, adversarial]")));
        assertTrue(mode.getMessage().contains("adversarial"), mode.getMessage());
        BadInputException sel = assertThrows(BadInputException.class,
                () -> new ExperimentLoader(Map.of("SER4J_IEMOCAP", "/d")).load(write(dir, BASE), List.of("train.selection=best")));
        assertTrue(sel.getMessage().contains("train.selection"), sel.getMessage());
    }

    /** Issue 21: duplicate, empty or null fold lists are bad input naming the key and the file. */
    @Test
    void foldListsMustBeNonEmptyAndDistinct(@TempDir Path dir) throws Exception {
        ExperimentLoader loader = new ExperimentLoader(Map.of("SER4J_IEMOCAP", "/d"));
        Path twice = write(dir, BASE.replace("trials: 10", "trials: 10\nfolds: [1, 1]"));
        BadInputException dup = assertThrows(BadInputException.class, () -> loader.load(twice, List.of()));
        assertTrue(dup.getMessage().contains(twice.toString()) && dup.getMessage().contains("folds: fold 1 is listed "
                + "twice"), dup.getMessage());
        Path empty = write(dir, BASE.replace("trials: 10", "trials: 10\nfolds: []"));
        BadInputException none = assertThrows(BadInputException.class, () -> loader.load(empty, List.of()));
        assertTrue(none.getMessage().contains(empty.toString()) && none.getMessage().contains("folds: the list is "
                + "empty"), none.getMessage());
        BadInputException viaSet = assertThrows(BadInputException.class,
                () -> loader.load(write(dir, BASE), List.of("folds=[2, 3, 2]")));
        assertTrue(viaSet.getMessage().contains("folds: fold 2 is listed twice"), viaSet.getMessage());
        BadInputException nul = assertThrows(BadInputException.class,
                () -> loader.load(write(dir, BASE), List.of("folds=[1, null]")));
        assertTrue(nul.getMessage().contains("folds:"), nul.getMessage());
        BadInputException zero = assertThrows(BadInputException.class,
                () -> loader.load(write(dir, BASE), List.of("folds=[0]")));
        assertTrue(zero.getMessage().contains("folds: sessions count from 1"), zero.getMessage());
        assertEquals(List.of(3, 1), loader.load(write(dir, BASE), List.of("folds=[3, 1]")).config().folds());
    }

    @Test
    void absentKeysTakeDocumentedDefaults(@TempDir Path dir) throws Exception {
        String minimal = String.join("\n", "name: m", "seed: 1", "trials: 1", "modes: [mtl]",
                "data: {corpora: [{manifest: x.csv}], max_train_seconds: 2}", "model: {encoder: tiny}",
                "train: {steps: 5, batch_size: 2, grad_accum: 1, eval_every: 5}", "");
        ExperimentConfig c = new ExperimentLoader(Map.of()).load(write(dir, minimal), List.of()).config();
        assertTrue(c.model().freezeFeatureEncoder(), "the CNN is frozen by default");
        assertTrue(c.model().encoderRegularization(), "the encoder's dropout/SpecAugment are on by default");
        assertFalse(new ExperimentLoader(Map.of()).load(write(dir, minimal), List.of("model.encoder_regularization=false"))
                .config().model().encoderRegularization());
        assertEquals(256, c.model().headWidth());
        assertEquals(List.of("ang", "hap", "neu", "sad"), c.data().labels());
        assertEquals(List.of("EM", "EF", "JM", "JF"), c.data().domains());
        assertEquals("paper", c.scale());
        assertEquals(Selection.TEST, c.train().selection());
        assertEquals(5, c.train().fakeStepsOrDefault());
        assertTrue(c.train().progress());
    }

    @Test
    void gammaFollowsThePaper() {
        assertEquals(0, Mode.VANILLA.gamma());
        assertEquals(1, Mode.MTL.gamma());
        assertEquals(-1, Mode.DANN.gamma());
        assertEquals(1, Mode.FAKE_JF.gamma());
        assertEquals("JF", Mode.FAKE_JF.fakeDomain());
        for (Mode m : Mode.values()) {
            assertEquals(m, Mode.parse(m.configName()), "the YAML spelling reads back");
        }
    }
}
