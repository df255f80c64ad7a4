package org.ser4j.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.audio.WavWriter;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.StepSelection;
import org.ser4j.util.BadInputException;

/**
 * {@code ser4j demo --corpus-csv} end to end at a toy size on a corpus ser4j did not generate: 80 tone WAVs written
 * here (languages de and fr, 2 speakers per language and session, 5 sessions), the multi-corpus and one single-corpus
 * experiment, 1 trial, folds 1-2, 2 steps. Checks that every figure the issue reads from {@code summary.json} is there
 * and a fraction, and that the summary's numbers are what the run's own files give.
 */
class DemoCsvCorpusTest {
    private static final List<String> EMOTIONS = List.of("ang", "hap", "neu", "sad");

    /** A bilingual tone corpus: pitch and loudness per emotion, an offset per language and gender. */
    static Path toneCorpus(Path dir, List<String> languages, List<String> emotions) throws Exception {
        StringBuilder csv = new StringBuilder("path,emotion,speaker,gender,language,session\n");
        Random rnd = new Random(7);
        for (String lang : languages) {
            for (int session = 1; session <= 5; session++) {
                for (String g : List.of("M", "F")) {
                    String spk = lang + g + session;
                    for (int e = 0; e < emotions.size(); e++) {
                        float[] x = new float[16000 + rnd.nextInt(8000)];
                        double f0 = (g.equals("M") ? 120 : 220) * (lang.equals(languages.get(0)) ? 1.0 : 1.15)
                                * (1 + 0.25 * e) * (1 + 0.03 * rnd.nextGaussian());
                        double amp = 0.1 + 0.1 * e;
                        for (int i = 0; i < x.length; i++) {
                            double t = i / 16000.0;
                            x[i] = (float) (amp * (Math.sin(2 * Math.PI * f0 * t) + 0.3 * Math.sin(4 * Math.PI * f0 * t))
                                    + 0.01 * rnd.nextGaussian());
                        }
                        String rel = "wav/" + spk + "_" + emotions.get(e) + ".wav";
                        Files.createDirectories(dir.resolve("wav"));
                        WavWriter.writePcm16(dir.resolve(rel), x, 16000);
                        csv.append(rel).append(',').append(emotions.get(e)).append(',').append(spk).append(',')
                                .append(g).append(',').append(lang).append(',').append(session).append('\n');
                    }
                }
            }
        }
        Path file = dir.resolve("corpus.csv");
        Files.writeString(file, csv.toString());
        return file;
    }

    @Test
    void csvCorpusRunsThePipelineAndTheSummaryHasEveryFigureAsAFraction(@TempDir Path dir) throws Exception {
        Path csv = toneCorpus(dir.resolve("tones"), List.of("de", "fr"), EMOTIONS);
        DemoSettings base = DemoSettings.read(Path.of("experiments/demo.yaml"));
        DemoSettings s = new DemoSettings(dir.resolve("work").toString(), 2, 1, base.encoderWeights(), base.corpus(),
                List.of("experiments/multi-corpus.yaml", "experiments/single-corpus-jtes.yaml"), base.set(),
                base.fusion(), base.reportSettings());
        List<String> extra = List.of("folds=[1,2]", "train.steps=2", "train.eval_every=1");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int rc = DemoRun.run(Path.of("").toAbsolutePath(), s, csv, extra,
                new PrintStream(console, true, StandardCharsets.UTF_8));
        String text = console.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        Path work = dir.resolve("work");
        JsonNode j = new ObjectMapper().readTree(work.resolve("summary.json").toFile());

        assertEquals(4, j.get("modes").size(), "single-corpus (fr) + vanilla, mtl, dann: " + j.get("modes"));
        for (JsonNode m : j.get("modes")) {
            fraction(m.get("mean_uar"), "mean_uar of " + m);
            fraction(m.get("mean_uar_dev"), "mean_uar_dev of " + m);
        }
        fraction(j.at("/baseline/uar"), "baseline.uar");
        fraction(j.at("/fusion/oracle/uar"), "fusion.oracle.uar");
        fraction(j.at("/fusion/nested/uar"), "fusion.nested.uar");
        fraction(j.at("/fusion/best_mode_mean_uar"), "fusion.best_mode_mean_uar");
        assertTrue(j.has("late_fusion") && j.has("wall_seconds"), "the fields the demo always had stay");
        assertEquals(2, j.at("/domain_probe/folds").size());
        for (JsonNode f : j.at("/domain_probe/folds")) {
            fraction(f.get("mtl"), "domain_probe mtl");
            fraction(f.get("dann"), "domain_probe dann");
        }
        assertTrue(text.contains("MFCC+LR baseline") && text.contains("nested protocol")
                && text.contains("DANN below MTL in"), text);
        assertTrue(text.contains("de = EM/EF, fr = JM/JF"), text);

        // the summary's numbers are those of the run's own files
        Path runs = work.resolve("runs-corpus");
        Path mtl = runs.resolve("multi-corpus/mtl/trial-1");
        JsonNode sys = new ObjectMapper().readTree(mtl.resolve("system.json").toFile());
        StepSelection.Result onTest = StepSelection.of(mtl, List.of(1, 2), "test");
        StepSelection.Result onDev = StepSelection.of(mtl, List.of(1, 2), "dev");
        assertNotNull(onDev, "each evaluation's predictions are kept when there is a dev split");
        assertEquals(sys.get("pooled_test_uar").asDouble(), onTest.pooledUar(), 1e-9,
                "re-selecting on test reproduces the trainer's own choice");
        JsonNode mtlRow = null;
        double bestFused = Double.NEGATIVE_INFINITY;
        for (JsonNode m : j.get("modes")) {
            if (m.get("mode").asText().equals("mtl")) {
                mtlRow = m;
            }
            if (m.get("in_fusion_pool").asBoolean()) {
                bestFused = Math.max(bestFused, m.get("mean_uar").asDouble());
            }
        }
        assertEquals(onDev.pooledUar(), mtlRow.get("mean_uar_dev").asDouble(), 1e-12);
        assertEquals(bestFused, j.at("/fusion/best_mode_mean_uar").asDouble(), 1e-12);
        // the single-corpus experiment standing for JTES runs on the corpus's second language
        PredictionTable single = PredictionTable.read(runs.resolve("single-corpus-jtes/vanilla/trial-1/predictions.csv"));
        Set<String> langs = new TreeSet<>();
        single.rows().forEach(r -> langs.add(r.language()));
        assertEquals(Set.of("fr"), langs);
        // dev speakers: one per language, out of the training speakers
        assertTrue(Files.readString(mtl.resolve("fold-1/provenance.json")).contains("\"dev\" : 8"),
                "2 dev speakers x 4 utterances");
    }

    @Test
    void aCsvWithOneLanguageOrWithoutEveryLabelIsRejectedNamingTheFileAndColumn(@TempDir Path dir) throws Exception {
        Path mono = toneCorpus(dir.resolve("mono"), List.of("de"), EMOTIONS);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DemoCorpus.fromCsv(dir.resolve("w1"), mono, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains(mono.toAbsolutePath().toString()) && e.getMessage().contains("'language'"),
                e.getMessage());

        Path threeLabels = toneCorpus(dir.resolve("three"), List.of("en", "ja"), List.of("ang", "hap", "neu", "fru"));
        e = assertThrows(BadInputException.class,
                () -> DemoCorpus.fromCsv(dir.resolve("w2"), threeLabels, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("'emotion'") && e.getMessage().contains("sad"), e.getMessage());
    }

    private static void fraction(JsonNode n, String what) {
        assertNotNull(n, what + " missing");
        assertTrue(n.isNumber() && n.asDouble() >= 0 && n.asDouble() <= 1, what + " = " + n + ", not a fraction");
    }
}
