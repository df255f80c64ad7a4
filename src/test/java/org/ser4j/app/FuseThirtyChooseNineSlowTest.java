package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bench.SimulatedSystems;
import org.ser4j.fusion.PlainBruteForce;
import org.ser4j.fusion.SystemFixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * Issue 7's check at full size: {@code ser4j fuse} on 30 system folders (IEMOCAP-sized test set, correlated systems
 * from a seed no other test or benchmark uses) with {@code --k 9} reports the same best subset, UAR and WAR as an
 * independent plain enumeration of all 14,307,150 subsets. Minutes of CPU, hence slow.
 */
@Tag("slow")
class FuseThirtyChooseNineSlowTest {
    @TempDir
    Path dir;

    @Test
    void fuseKNineOnThirtySystemsEqualsPlainBruteForce() throws Exception {
        List<Path> systems = SystemFixtures.write(dir.resolve("runs"), "hidden", List.of("vanilla", "mtl", "dann"),
                10, SystemFixtures.iemocapLike(90210), SimulatedSystems.Noise.paperLike(), 31337,
                SystemFixtures.Options.plain());
        List<String> args = new ArrayList<>(List.of("fuse"));
        systems.forEach(s -> args.add(s.toString()));
        args.addAll(List.of("--k", "9", "--top", "5", "--threads", "2", "--out", dir.resolve("fusion").toString()));
        CommandLine cl = Ser4j.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute(args.toArray(new String[0])), err.toString());
        JsonNode best = new ObjectMapper().readTree(dir.resolve("fusion/fusion.json").toFile()).get("top").get(0);
        int[] members = new int[best.get("members").size()];
        for (int i = 0; i < members.length; i++) {
            members[i] = best.get("members").get(i).asInt();
        }

        PlainBruteForce.Best plain = PlainBruteForce.best(systems, 9, 2);
        assertArrayEquals(plain.members(), members);
        assertEquals(plain.uar(), best.get("uar").asDouble(), 1e-12);
        assertEquals((double) plain.correct() / 5531, best.get("war").asDouble(), 1e-12);
    }
}
