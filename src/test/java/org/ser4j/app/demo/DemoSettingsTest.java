package org.ser4j.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

class DemoSettingsTest {
    @Test
    void theCommittedDemoSettingsRunEveryModeWithAtLeastThreeTrials() {
        DemoSettings s = DemoSettings.read(Path.of("experiments/demo.yaml"));
        assertTrue(s.trials() >= 3, "the issue asks for at least 3 trials per mode");
        assertEquals(2, s.workers());
        for (String e : s.experiments()) {
            assertTrue(Files.isRegularFile(Path.of(e)), e + " exists");
        }
        assertTrue(s.experiments().contains("experiments/fake-domain.yaml"));
        assertTrue(s.experiments().indexOf("experiments/multi-corpus.yaml")
                < s.experiments().indexOf("experiments/fake-domain.yaml"), "MTL (step 1) before fake-domain");
        assertTrue(s.set().containsKey("train.steps"));
    }

    @Test
    void unknownKeysAndBadValuesAreNamed(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("demo.yaml");
        Files.writeString(bad, Files.readString(Path.of("experiments/demo.yaml")) + "colour: blue\n");
        BadInputException e = assertThrows(BadInputException.class, () -> DemoSettings.read(bad));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        Files.writeString(bad, Files.readString(Path.of("experiments/demo.yaml")).replace("workers: 2", "workers: 0"));
        e = assertThrows(BadInputException.class, () -> DemoSettings.read(bad));
        assertTrue(e.getMessage().contains("workers"), e.getMessage());
    }
}
