package org.ser4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.app.Ser4j;
import org.ser4j.data.synth.SynthCorpusWriter;
import org.ser4j.data.synth.SynthLanguage;
import org.ser4j.data.synth.SynthOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** {@code ser4j study ...}: bad input exits 2 naming the option or file; small real runs write their figures. */
class StudyCommandsTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {}

    static Run run(String... args) {
        CommandLine cl = Ser4j.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void everyStudyIsASubcommand() {
        CommandLine study = Ser4j.commandLine().getSubcommands().get("study");
        assertEquals(List.of("calibration", "baseline", "finetune-comparison", "domain-probe"),
                List.copyOf(study.getSubcommands().keySet()));
        assertEquals(0, run("study").exit());
    }

    @Test
    void baselineOnAMissingManifestIsBadInput() {
        Path missing = dir.resolve("nowhere/manifest.csv");
        Run r = run("study", "baseline", "--manifest", missing.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(missing.toString()), r.err());
    }

    @Test
    void baselineOnASmallCorpusWritesItsFigures() throws Exception {
        SynthOptions o = SynthOptions.defaults().withUtts(1).withThreads(2).withLanguages(List.of(SynthLanguage.JA));
        SynthCorpusWriter.write(o, dir.resolve("corpus"), false);
        Path json = dir.resolve("baseline.json");
        Run r = run("study", "baseline", "--manifest", dir.resolve("corpus/manifest.csv").toString(), "--threads", "2",
                "--json", json.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(40, doc.get("n").asInt());
        double uar = doc.get("loso_pooled").asDouble();
        assertTrue(uar >= 0 && uar <= 1, "pooled LOSO UAR " + uar);
        assertTrue(doc.has("loso_within_ja") && !doc.has("cross_en_to_ja"), doc.toString());
    }

    @Test
    void calibrationNeedsTwoIntensities() {
        Run r = run("study", "calibration", "--intensity", "0.5");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--intensity"), r.err());
    }

    @Test
    void calibrationOfOneSmallCorpusWritesItsFigures() throws Exception {
        Path json = dir.resolve("cal.json");
        Run r = run("study", "calibration", "--seeds", "1", "--utts", "1", "--threads", "2", "--no-language-id",
                "--json", json.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        JsonNode seed = doc.get("seed_1");
        for (String key : List.of("loso_pooled", "loso_within_en", "loso_within_ja", "cross_en_to_ja",
                "single_parameter_best", "all_parameters_loso")) {
            assertTrue(seed.has(key), key + " in " + seed);
        }
        assertEquals(1, doc.get("options").get("utts_per_speaker_emotion").asInt());
    }

    @Test
    void finetuneComparisonNamesAStartWithoutConfig() {
        Path start = dir.resolve("no-model");
        Run r = run("study", "finetune-comparison", "--evidence", dir.resolve("e.json").toString(), "--starts",
                "random:" + start, "--steps", "1", "--seeds", "1", "--sessions", "1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(start.resolve("config.json").toString()), r.err());
        assertTrue(Files.notExists(dir.resolve("e.json")), "nothing written on bad input");
    }

    @Test
    void finetuneComparisonRefusesASessionTheCorpusLacks() {
        Run r = run("study", "finetune-comparison", "--evidence", dir.resolve("e.json").toString(), "--starts",
                "random:models/hubert-tiny-synth", "--steps", "1", "--seeds", "1", "--sessions", "6");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--sessions"), r.err());
    }

    @Test
    void domainProbeOnAMissingExperimentIsBadInput() {
        Path yaml = dir.resolve("missing.yaml");
        Run r = run("study", "domain-probe", yaml.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("missing.yaml"), r.err());
    }
}
