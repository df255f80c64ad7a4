package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.WavWriter;
import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.provenance.ProvenanceFiles;
import org.ser4j.provenance.RunStatus;
import org.ser4j.util.BadInputException;

class SystemRunnerTest {
    static final String[] DOMAINS = {"EM", "EF", "JM", "JF"};
    static final String[] LABELS = {"ang", "hap", "neu", "sad"};

    /** Writes the synthetic examples as a corpus: WAV files + canonical manifest. */
    static Path writeCorpus(Path dir, SyntheticExamples data) throws Exception {
        List<ManifestRow> rows = new ArrayList<>();
        for (Example e : data.examples) {
            float[] w = data.waves.get(e.uttId()).clone();
            for (int i = 0; i < w.length; i++) {
                w[i] *= 0.5f;
            }
            String rel = "wav/" + e.uttId() + ".wav";
            WavWriter.writePcm16(dir.resolve(rel), w, 16000);
            String dom = DOMAINS[e.domain()];
            rows.add(new ManifestRow(e.uttId(), rel, e.corpus(), e.language(), e.speaker(), dom.substring(1), dom,
                    e.session(), LABELS[e.emotion()], w.length / 16000.0, Map.of()));
        }
        Path manifest = dir.resolve("manifest.csv");
        Manifest.of(rows, dir).write(manifest);
        return manifest;
    }

    static SystemRunner.EncoderProvider tinyProvider() {
        return new SystemRunner.EncoderProvider() {
            public EncoderFactory create(long initSeed) {
                return new TinyTestEncoder(8, initSeed, 0.1);
            }

            public boolean normalize() {
                return true;
            }

            public String weightsDescription() {
                return null;
            }
        };
    }

    /** The dry run resolves data and folds, builds the graph and makes one finite step without writing runs. */
    @Test
    void dryRunMakesOneStepAndWritesNothing(@TempDir Path dir) throws Exception {
        Path manifest = writeCorpus(dir.resolve("corpus"), new SyntheticExamples(2, 1, 5));
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, String.join("\n", "name: dry", "seed: 3", "trials: 2", "folds: [1, 2]",
                "modes: [dann]", "runs_dir: " + dir.resolve("runs"),
                "data: {corpora: [{manifest: " + manifest + "}], max_train_seconds: 3}",
                "model: {encoder: tiny, head_width: 6}",
                "train: {steps: 100, batch_size: 2, grad_accum: 1, lr_encoder: 1.0e-4, lr_heads: 1.0e-3, eval_every: 10}",
                ""));
        ResolvedExperiment exp = new ExperimentLoader(Map.of()).load(yaml, List.of());
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        DryRun.Report r = DryRun.run(exp, ExperimentData.load(exp.config().data(), dir), tinyProvider(),
                new java.io.PrintStream(text, true));
        assertEquals(Mode.DANN, r.mode());
        assertTrue(Double.isFinite(r.lossEmo()) && Double.isFinite(r.lossDom()));
        assertTrue(text.toString().contains("fold 2"), text.toString());
        assertTrue(!Files.exists(dir.resolve("runs")), "a dry run writes no system");
    }

    @Test
    void systemsTrainAllFoldsWriteContractFilesAndAreReused(@TempDir Path dir) throws Exception {
        Path manifest = writeCorpus(dir.resolve("corpus"), new SyntheticExamples(3, 2, 5));
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, String.join("\n",
                "name: sys-test",
                "scale: demo",
                "seed: 7",
                "trials: 1",
                "folds: [1, 2]",
                "modes: [mtl, dann, fake-EM]",
                "runs_dir: " + dir.resolve("runs"),
                "data:",
                "  corpora: [{manifest: " + manifest + "}]",
                "  dev_speakers: 1",
                "  max_train_seconds: 0.2",
                "model: {encoder: tiny, freeze_feature_encoder: true, head_width: 6}",
                "train: {steps: 4, batch_size: 4, grad_accum: 1, lr_encoder: 1.0e-3, lr_heads: 1.0e-2,",
                "        warmup_ratio: 0.25, weight_decay: 0.01, clip_norm: 1.0, eval_every: 2, checkpoint_every: 2,",
                "        selection: dev, embeddings: true, eval_batch_size: 8, progress: false}",
                ""));
        ResolvedExperiment exp = new ExperimentLoader(Map.of()).load(yaml, List.of());
        ExperimentData data = ExperimentData.load(exp.config().data(), dir);
        SystemRunner runner = new SystemRunner(exp, data, tinyProvider(), dir, null);
        for (SystemRunner.SystemId s : runner.systems()) {
            runner.runSystem(s.mode(), s.trial());
        }
        ObjectMapper json = new ObjectMapper();
        for (String mode : List.of("mtl", "dann", "fake-EM")) {
            Path sys = runner.systemDir(Mode.parse(mode), 1);
            JsonNode sj = json.readTree(sys.resolve("system.json").toFile());
            assertEquals(mode, sj.get("mode").asText());
            assertEquals("dev", sj.get("selection").asText());
            assertEquals(2, sj.get("folds_done").size());
            List<String> lines = Files.readAllLines(sys.resolve("predictions.csv"));
            assertEquals("utt_id,corpus,language,fold,split,step,emotion,logit_ang,logit_hap,logit_neu,logit_sad",
                    lines.get(0));
            long testRows = lines.stream().filter(l -> l.contains(",test,")).count();
            assertEquals(2 * 4 * 2, testRows, "every utterance of sessions 1 and 2 once as test");
            assertTrue(lines.stream().anyMatch(l -> l.contains(",dev,")));
            for (int k = 1; k <= 2; k++) {
                Path fd = sys.resolve("fold-" + k);
                assertEquals(RunStatus.DONE, ProvenanceFiles.read(fd.resolve("provenance.json")).status());
                assertTrue(Files.isRegularFile(fd.resolve("model/model.safetensors")));
                assertTrue(Files.isRegularFile(fd.resolve("model/ser4j-model.json")));
                assertTrue(Files.isRegularFile(fd.resolve("model/config.json")));
                assertTrue(Files.isRegularFile(fd.resolve("checkpoint/optimizer.safetensors")));
                assertTrue(Files.isRegularFile(fd.resolve("config.resolved.yaml")));
                assertTrue(Files.isRegularFile(sys.resolve("embeddings/fold-" + k + "-train.npy")));
                // the exported predictions reproduce the dev UAR logged at the selected step
                int step = lines.stream().filter(l -> l.contains(",dev,")).findFirst().map(l -> l.split(",")[5])
                        .map(Integer::parseInt).orElseThrow();
                assertTrue(step == 2 || step == 4);
            }
        }
        assertTrue(ProvenanceFiles.read(runner.systemDir(Mode.FAKE_EM, 1).resolve("fold-1/provenance.json")).summary()
                .get("step1_model").toString().contains("mtl"), "fake-domain step 1 reuses the MTL system");

        // a rerun reuses the finished folds without touching them
        Path pred = runner.systemDir(Mode.DANN, 1).resolve("fold-1/predictions.csv");
        long before = Files.getLastModifiedTime(pred).toMillis();
        runner.runSystem(Mode.DANN, 1);
        assertEquals(before, Files.getLastModifiedTime(pred).toMillis());

        // a changed config must not silently mix with finished folds
        ResolvedExperiment changed = new ExperimentLoader(Map.of()).load(yaml, List.of("train.steps=5"));
        SystemRunner other = new SystemRunner(changed, data, tinyProvider(), dir, null);
        assertThrows(BadInputException.class, () -> other.runSystem(Mode.DANN, 1));
    }

    /**
     * Issue 21: one float WAV with a NaN sample in the corpus stops the run with bad input naming that file (the
     * CLI's exit 2), the fold is recorded FAILED, and no model is exported.
     */
    @Test
    void nanInOneCorpusFileStopsTrainingNamingTheFile(@TempDir Path dir) throws Exception {
        Path yaml = TinyTraining.writeExperiment(dir, 2, 0, 2);
        Path victim = dir.resolve("corpus/wav/D0S1_0.wav"); // session 1: fold 1 tests on it, fold 2 trains on it
        float[] w = org.ser4j.audio.WavReader.read(victim).samples();
        double[] d = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            d[i] = w[i];
        }
        d[100] = Double.NaN;
        Files.write(victim, org.ser4j.audio.TestWavs.wav(3, false, 1, 16000, 32,
                org.ser4j.audio.TestWavs.packFloats(32, d), null));
        SystemRunner runner = TinyTraining.runner(yaml, dir);
        BadInputException e = assertThrows(BadInputException.class, () -> runner.runSystem(TinyTraining.MODE, 1));
        assertTrue(e.getMessage().contains(victim.toString())
                && e.getMessage().contains("non-finite sample NaN at sample index 100"), e.getMessage());
        Path fold1 = runner.systemDir(TinyTraining.MODE, 1).resolve("fold-1");
        assertEquals(RunStatus.FAILED, ProvenanceFiles.read(fold1.resolve("provenance.json")).status());
        try (var files = Files.walk(runner.systemDir(TinyTraining.MODE, 1))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("ser4j-model.json")), "no export");
        }
    }

    /** Issue 21: the experiment's folds must be folds of the data, checked before anything trains. */
    @Test
    void foldsOutsideTheDataAreBadInputNamingKeyAndFile(@TempDir Path dir) throws Exception {
        Path yaml = TinyTraining.writeExperiment(dir, 2, 0, 2);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ExperimentRun.prepare(yaml, List.of("folds=[1, 3, 7]"), dir));
        assertTrue(e.getMessage().contains(yaml.toString()) && e.getMessage().contains("folds: [3, 7] are not folds")
                && e.getMessage().contains("[1, 2]"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("runs")), "nothing written");
        assertEquals(List.of(1, 2), ExperimentRun.prepare(yaml, List.of(), dir).experiment().config().folds());
    }
}
