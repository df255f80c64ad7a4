package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bench.SimulatedSystems;
import org.ser4j.fusion.SystemFixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

class FuseAndReportCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        CommandLine cl = Ser4j.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void fuseWritesJsonAndMarkdownAndReportWritesIndex() throws Exception {
        List<Path> systems = SystemFixtures.write(dir.resolve("runs"), "multi", List.of("vanilla", "dann"), 3,
                SystemFixtures.twoLanguages(3, 20, 2), SimulatedSystems.Noise.paperLike(), 4,
                new SystemFixtures.Options(false, 3, false));
        List<String> args = new ArrayList<>(List.of("fuse"));
        systems.forEach(s -> args.add(s.toString()));
        args.addAll(List.of("--k", "3", "--top", "4", "--corpus", "synth", "--language", "en", "--threads", "2",
                "--intermediate", "linear", "--out", dir.resolve("fusion").toString()));
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, args.toArray(new String[0])), err.toString());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("fusion/fusion.json").toFile());
        assertEquals("test", j.get("protocol").asText());
        assertTrue(j.get("optimistic").asBoolean());
        assertEquals(4, j.get("top").size());
        assertEquals(20, j.get("subsets_searched").asLong());
        assertTrue(j.get("top").get(0).get("composition").asText().matches("\\d vanilla( \\+ \\d dann)?|\\d dann"));
        assertTrue(Files.isRegularFile(dir.resolve("fusion/fusion.md")));
        assertTrue(Files.isRegularFile(dir.resolve("fusion/intermediate.json")));

        StringWriter err2 = new StringWriter();
        assertEquals(0, run(err2, "report", dir.resolve("runs").toString(), "--out", dir.resolve("rep").toString()),
                err2.toString());
        assertTrue(Files.isRegularFile(dir.resolve("rep/index.html")));
    }

    @Test
    void badInputExitsWithTwoAndNamesTheProblem() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "fuse", dir.toString()));
        assertTrue(err.toString().contains("not a system folder"), err.toString());
        List<Path> systems = SystemFixtures.write(dir.resolve("r"), "e", List.of("vanilla"), 2,
                SystemFixtures.twoLanguages(2, 5, 1), SimulatedSystems.Noise.paperLike(), 1,
                SystemFixtures.Options.plain());
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(err2, "fuse", systems.get(0).toString(), systems.get(1).toString(), "--k", "3"));
        assertTrue(err2.toString().contains("--k 3"), err2.toString());
        StringWriter err3 = new StringWriter();
        assertEquals(2, run(err3, "fuse", systems.get(0).toString(), "--protocol", "dev"));
        assertTrue(err3.toString().contains("dev rows"), err3.toString());
    }
}
