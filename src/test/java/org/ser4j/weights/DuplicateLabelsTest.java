package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

/** Issue 21: a label listed twice in {@code ser4j-model.json} is refused when the model directory is loaded. */
class DuplicateLabelsTest {
    @TempDir
    Path tmp;

    @Test
    void aModelDirectoryWithALabelListedTwiceIsRefusedNamingFileAndLabel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(HubertFixtures.dir("tiny-large").resolve(f), dir.resolve(f));
        }
        Path info = dir.resolve(ModelDirectory.INFO);
        Files.writeString(info, "{\"format_version\": 1, \"labels\": [\"ang\", \"hap\", \"ang\", \"sad\"]}");
        BadInputException e = assertThrows(BadInputException.class, () -> ModelDirectory.load(dir));
        assertTrue(e.getMessage().startsWith(info.toString()) && e.getMessage().contains("label 'ang' appears twice"),
                e.getMessage());

        Files.writeString(info, "{\"format_version\": 1, \"labels\": [\"ang\", \"hap\", \"neu\", \"sad\"]}");
        assertEquals(List.of("ang", "hap", "neu", "sad"), ModelDirectory.load(dir).info().labels());
    }
}
