package org.ser4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The trainer's side of the run folder's files, written and read by their one class each. */
class RunFilesTest {
    @TempDir
    Path dir;

    @Test
    void trainerPredictionRowsConcatenateAndReadBack() throws Exception {
        List<String> labels = List.of("ang", "hap");
        Path f1 = RunLayout.foldDir(dir, 1).resolve(RunLayout.PREDICTIONS);
        Path f2 = RunLayout.foldDir(dir, 2).resolve(RunLayout.PREDICTIONS);
        Files.createDirectories(f1.getParent());
        Files.createDirectories(f2.getParent());
        Files.writeString(f1, PredictionTable.header(labels)
                + PredictionTable.line("u,1", "c", "en", 1, "test", 40, "hap", new float[] {0.1f, 0.25f}));
        Files.writeString(f2, PredictionTable.header(labels)
                + PredictionTable.line("u2", "c", "ja", 2, "dev", 7, "ang", new float[] {-2f, 3.1f}));
        assertEquals("utt_id,corpus,language,fold,split,step,emotion,logit_ang,logit_hap\n"
                + "\"u,1\",c,en,1,test,40,hap,0.100000,0.250000\n", Files.readString(f1));
        Path pooled = dir.resolve(RunLayout.PREDICTIONS);
        PredictionTable.concatenate(List.of(f1, f2), labels, pooled);
        assertEquals(Files.readString(f1) + "u2,c,ja,2,dev,7,ang,-2.000000,3.100000\n", Files.readString(pooled));
        PredictionTable t = PredictionTable.read(pooled);
        assertEquals(labels, t.labels());
        assertEquals("u,1", t.rows().get(0).uttId());
        assertArrayEquals(new double[] {0.1, 0.25}, t.rows().get(0).logits());
        assertArrayEquals(new int[] {1, 1}, t.predictions());
        assertEquals(1.0, t.split("test").confusion().uar());
    }

    @Test
    void systemJsonAsTheTrainerWritesItHasItsKeysInOrderAndReadsBack() throws Exception {
        List<SystemInfo.FoldResult> folds = List.of(new SystemInfo.FoldResult(1, 30, 0.5, 0.625, null),
                new SystemInfo.FoldResult(2, 10, 0.75, 0.8, 0.4));
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("config_sha256", "ab12");
        prov.put("git_commit", "c0ffee");
        prov.put("git_dirty", false);
        prov.put("encoder_weights", null);
        SystemInfo s = new SystemInfo("exp", "dann", -1, 2, 1234567890123L, List.of("ang", "hap"), List.of(1, 2),
                "test", prov, List.of("EM", "JF"), new SystemInfo.Results(0.6, 0.7, folds));
        Path f = dir.resolve(RunLayout.SYSTEM);
        s.write(f);
        assertEquals(mapWriting(s), Files.readString(f));
        assertEquals(s, SystemInfo.read(f));

        SystemInfo dev = new SystemInfo("exp", "mtl", 1, 1, 5, List.of("a", "b"), List.of(1), "dev", Map.of(),
                List.of(), new SystemInfo.Results(Double.NaN, 0.5, List.of()));
        dev.write(f);
        String text = Files.readString(f);
        assertTrue(text.contains("\"selection_optimistic\" : false") && !text.contains("selection_note"), text);
        assertTrue(text.contains("\"gamma\" : 1,"), text);
    }

    @Test
    void systemJsonWithoutTrainerFieldsReadsThemAsAbsent() throws Exception {
        SystemInfo s = new SystemInfo("e", "vanilla", 0.5, 1, 3, List.of("a", "b"), List.of(1), "dev", Map.of());
        Path f = dir.resolve(RunLayout.SYSTEM);
        s.write(f);
        String text = Files.readString(f);
        assertTrue(text.contains("\"gamma\" : 0.5") && !text.contains("domains") && !text.contains("pooled"), text);
        new SystemInfo("e", "mtl", 1.0, 1, 3, List.of("a", "b"), List.of(1), "dev", Map.of()).write(f);
        assertTrue(Files.readString(f).contains("\"gamma\" : 1.0,"), "a double gamma stays a double");
        assertEquals(1.0, SystemInfo.read(f).gamma());
        s.write(f);
        SystemInfo back = SystemInfo.read(f);
        assertEquals(s, back);
        assertNull(back.domains());
        assertNull(back.results());
    }

    @Test
    void metricsLogAppendsResumesAndReads() throws Exception {
        Path f = RunLayout.foldDir(dir, 1).resolve(RunLayout.METRICS);
        Files.createDirectories(f.getParent());
        MetricsLog log = new MetricsLog(f);
        log.append(new MetricsLine(10, "train", 0.5, 0.25, 1.5, Double.NaN, Double.NaN));
        log.append(new MetricsLine(10, "test", 0.125, 0.375, 1.25, 0.75, 0.5));
        log.append(new MetricsLine(20, "test", 0.625, 0.5, 1.0, 0.5, 0.25));
        assertEquals("{\"step\":10,\"split\":\"train\",\"uar\":0.5,\"war\":0.25,\"loss_emo\":1.5,\"loss_dom\":null,"
                + "\"dom_acc\":null}\n"
                + "{\"step\":10,\"split\":\"test\",\"uar\":0.125,\"war\":0.375,\"loss_emo\":1.25,\"loss_dom\":0.75,"
                + "\"dom_acc\":0.5}\n"
                + "{\"step\":20,\"split\":\"test\",\"uar\":0.625,\"war\":0.5,\"loss_emo\":1.0,\"loss_dom\":0.5,"
                + "\"dom_acc\":0.25}\n", Files.readString(f));
        List<MetricsLine> all = MetricsLog.readAll(f);
        assertEquals(3, all.size());
        assertEquals(new MetricsLine(10, "test", 0.125, 0.375, 1.25, 0.75, 0.5), all.get(1));
        assertTrue(Double.isNaN(all.get(0).lossDom()));

        MetricsLog resumed = new MetricsLog(f);
        resumed.resume(10);
        assertEquals(2, MetricsLog.readAll(f).size());
        resumed.append(new MetricsLine(20, "test", 0.625, 0.5, 1.0, 0.5, 0.25));
        assertEquals(all, MetricsLog.readAll(f));
    }

    /** The file as a snake_case map of the same keys, in the order the trainer has always written them. */
    private static String mapWriting(SystemInfo s) throws Exception {
        ObjectMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT).build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", s.experiment());
        m.put("mode", s.mode());
        m.put("gamma", s.gamma());
        m.put("trial", s.trial());
        m.put("seed", s.seed());
        m.put("labels", s.labels());
        m.put("domains", s.domains());
        m.put("folds_done", s.foldsDone());
        m.put("selection", s.selection());
        m.put("selection_optimistic", s.selection().equals("test"));
        if (s.selection().equals("test")) {
            m.put("selection_note", "paper protocol: each fold's step was chosen by its test UAR; test figures are optimistic");
        }
        m.put("pooled_test_uar", s.results().pooledTestUar());
        m.put("pooled_test_war", s.results().pooledTestWar());
        m.put("folds", new ArrayList<>(s.results().folds()));
        m.put("provenance", s.provenance());
        return json.writeValueAsString(m) + "\n";
    }
}
