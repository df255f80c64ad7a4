package org.ser4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.app.Ser4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** {@code ser4j bench --quick} produces every figure (values are not checked: benchmarks are not tests). */
class BenchCommandTest {
    static final List<String> EXPECTED_OK = List.of(
            "pipeline.epoch.16000", "pipeline.epoch.44100", "fusion.subset_search",
            "hubert.forward.samediff.1x4s", "hubert.forward.samediff.4x4s", "hubert.forward.samediff.1x16s",
            "hubert.forward.onnx.1x4s", "hubert.forward.onnx.4x4s", "hubert.forward.onnx.1x16s",
            "train.step.samediff.1x4s",
            "scaling.forward.samediff.1x4s", "scaling.forward.samediff.1x8s",
            "scaling.attention_crossover.samediff");

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Ser4j.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void quickBenchWritesEveryFigure(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        int exit = run(err, "bench", "--quick", "--repeats", "1", "--scaling", "--scaling-seconds", "4,8",
                "--json", json.toString());
        assertEquals(0, exit, err.toString());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(BenchReport.SCHEMA, doc.get("schema").asText());
        assertEquals("ser4j", doc.get("tool").asText());
        assertTrue(doc.get("quick").asBoolean());
        for (String field : List.of("cpu_model", "cores", "memory_total_gib", "java", "nd4j_backend")) {
            assertTrue(doc.get("machine").hasNonNull(field), "machine." + field);
        }
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode e : doc.get("entries")) {
            byId.put(e.get("id").asText(), e);
        }
        for (String id : EXPECTED_OK) {
            JsonNode e = byId.get(id);
            assertTrue(e != null, "missing entry " + id + " in " + byId.keySet());
            assertEquals("ok", e.get("status").asText(), id + ": " + e.get("note"));
            if (id.contains("crossover")) {
                assertTrue(e.get("extra").has("measured_crossover_seconds"), id);
                assertTrue(e.get("extra").has("flop_crossover_seconds"), id);
                continue;
            }
            JsonNode s = e.get("seconds");
            double min = s.get("min").asDouble();
            double med = s.get("median").asDouble();
            double max = s.get("max").asDouble();
            assertTrue(min > 0 && min <= med && med <= max, id + " " + s);
            assertEquals(1, s.get("all").size(), id);
            assertTrue(e.get("memory").get("peak_rss_mib").asDouble() > 0, id);
            assertTrue(e.get("memory").get("javacpp_peak_physical_mib").asDouble() > 0, id);
            assertTrue(e.get("memory").get("javacpp_max_physical_mib").asDouble() > 0, id);
        }
        assertEquals(byId.get("hubert.forward.samediff.4x4s").get("extra").get("output_shape").toString(),
                byId.get("hubert.forward.onnx.4x4s").get("extra").get("output_shape").toString(),
                "both backends give [B, T, H]");
        JsonNode scaling = byId.get("scaling.forward.samediff.1x8s").get("extra");
        double share = scaling.get("attention_quadratic_share").asDouble();
        assertTrue(share >= 0 && share <= 1, "share " + share);
        assertTrue(byId.get("train.step.samediff.1x4s").get("extra").get("last_loss").asDouble() > 0);
    }

    @Test
    void optInGroupsProduceTheirFigures(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        int exit = run(err, "bench", "--quick", "--repeats", "1", "--only", "synth,fusion-independent", "--threads", "2",
                "--json", json.toString());
        assertEquals(0, exit, err.toString());
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode e : new ObjectMapper().readTree(Files.readString(json)).get("entries")) {
            byId.put(e.get("id").asText(), e);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> ids = new java.util.ArrayList<>(List.of("fusion.subset_search.independent",
                "synth.in_memory.threads_1", "synth.write_files.threads_" + cores));
        if (cores > 1) {
            ids.add("synth.in_memory.threads_" + cores);
        }
        assertEquals(java.util.Set.copyOf(ids), byId.keySet());
        for (String id : ids) {
            assertEquals("ok", byId.get(id).get("status").asText(), id + ": " + byId.get(id).get("note"));
        }
        JsonNode synth = byId.get("synth.in_memory.threads_1").get("extra");
        assertTrue(synth.get("audio_seconds").asDouble() > 0 && synth.get("utterances").asInt() > 0, synth.toString());
    }

    @Test
    void aSingleCaseWritesItsReport(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("single.json");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "bench", "single", "--model", "tiny", "--seconds", "1", "--repeats", "1", "--json",
                json.toString()), err.toString());
        JsonNode entries = new ObjectMapper().readTree(Files.readString(json)).get("entries");
        assertEquals(1, entries.size());
        assertEquals("ok", entries.get(0).get("status").asText(), entries.get(0).toString());
    }

    @Test
    void subcommandsRefuseBadInputWithExit2() {
        for (String[] args : List.of(new String[] {"bench", "single", "--case", "backward"},
                new String[] {"bench", "single", "--model", "huge"},
                new String[] {"bench", "onnx-engines", "--config", "huge"},
                new String[] {"bench", "onnx-engines", "--engines", "tensorrt"})) {
            StringWriter err = new StringWriter();
            assertEquals(2, run(err, args), String.join(" ", args) + ": " + err);
            assertTrue(err.toString().contains(args[2]), err.toString());
        }
    }

    @Test
    void aBackendMissingFromTheBuildIsReportedNotHidden() {
        ForwardBackend absent = new UnavailableBackend("tensorrt", "hubert", "not in this build");
        List<BenchEntry> entries = HubertForwardBench.run(absent, org.ser4j.nn.hubert.HubertConfig.tinyLarge(), "tiny", 1);
        assertEquals(HubertForwardBench.CASES.size(), entries.size());
        for (BenchEntry e : entries) {
            assertEquals(BenchEntry.NOT_AVAILABLE, e.status());
            assertEquals("not in this build", e.note());
            assertTrue(e.id().startsWith("hubert.forward.tensorrt."), e.id());
        }
    }

    @Test
    void unknownGroupIsBadInput() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "--only", "gpu"));
        assertTrue(err.toString().contains("gpu"), err.toString());
    }

    @Test
    void anUnwritableJsonFileFailsBeforeMeasuring(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("a-file");
        Files.writeString(blocker, "x");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "--only", "fusion", "--json", blocker.resolve("bench.json").toString()));
        assertTrue(err.toString().contains(blocker.toString()), err.toString());
    }

    @Test
    void medianMinMaxByHand() {
        TimingStats odd = new TimingStats(List.of(3.0, 1.0, 2.0));
        assertEquals(2.0, odd.median());
        assertEquals(1.0, odd.min());
        assertEquals(3.0, odd.max());
        assertEquals(2.5, new TimingStats(List.of(4.0, 1.0, 2.0, 3.0)).median());
    }
}
