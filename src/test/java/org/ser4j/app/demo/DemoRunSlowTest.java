package org.ser4j.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's orchestration end to end at a toy size (80 utterances, 1 trial, folds 1-2, 2 steps): every mode of every
 * experiment trains, fake-domain reuses MTL, fusion and report are written, the summary lists every mode, and a
 * rerun reuses every fold. Slow (a few minutes on 2 cores), so tagged out of the default build.
 */
@Tag("slow")
class DemoRunSlowTest {
    @Test
    void toyDemoRunsEveryModeFusesReportsAndIsReusedOnRerun(@TempDir Path dir) throws Exception {
        DemoSettings base = DemoSettings.read(Path.of("experiments/demo.yaml"));
        DemoSettings s = new DemoSettings(dir.resolve("work").toString(), 2, 1, base.encoderWeights(),
                new DemoSettings.CorpusOptions(1, 1, 1), base.experiments(), base.set(), base.fusion(),
                base.reportSettings());
        List<String> extra = List.of("folds=[1,2]", "train.steps=2", "train.fake_steps=1", "train.eval_every=2");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int rc = DemoRun.run(Path.of("").toAbsolutePath(), s, extra, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, console.toString(StandardCharsets.UTF_8));
        Path work = dir.resolve("work");
        JsonNode summary = new ObjectMapper().readTree(work.resolve("summary.json").toFile());
        assertEquals(9, summary.get("modes").size(), "single x2, vanilla, mtl, dann, fake x4");
        assertEquals(18, summary.get("fold_runs").asInt());
        assertTrue(summary.has("late_fusion"));
        assertTrue(Files.isRegularFile(work.resolve("fusion/fusion.json")));
        assertTrue(Files.isRegularFile(work.resolve("report/index.html")));

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(0, DemoRun.run(Path.of("").toAbsolutePath(), s, extra,
                new PrintStream(again, true, StandardCharsets.UTF_8)));
        JsonNode second = new ObjectMapper().readTree(work.resolve("summary.json").toFile());
        assertEquals(18, second.get("fold_runs_reused").asInt(), "a rerun reuses every finished fold");
        assertEquals(Map.of().size(), second.get("failed_systems").size());
    }
}
