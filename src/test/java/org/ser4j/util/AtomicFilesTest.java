package org.ser4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void publishReplacesTheFolderAndRecoveryUndoesACrashBetweenTheRenames(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("checkpoint");
        assertFalse(AtomicFiles.recoverDirectory(live, "trainer.json"), "nothing published yet");

        Path staged = dir.resolve("checkpoint.tmp");
        AtomicFiles.writeString(staged.resolve("trainer.json"), "{\"step\":1}");
        AtomicFiles.publishDirectory(staged, live);
        assertEquals("{\"step\":1}", Files.readString(live.resolve("trainer.json")));
        assertFalse(Files.exists(staged));

        AtomicFiles.writeString(staged.resolve("trainer.json"), "{\"step\":2}");
        AtomicFiles.publishDirectory(staged, live);
        assertEquals("{\"step\":2}", Files.readString(live.resolve("trainer.json")));
        assertFalse(Files.exists(dir.resolve("checkpoint.old")), "the backup is removed once the new folder is live");

        // A crash after the first rename of publishDirectory: only the backup holds a complete folder.
        Files.move(live, dir.resolve("checkpoint.old"));
        assertTrue(AtomicFiles.recoverDirectory(live, "trainer.json"));
        assertEquals("{\"step\":2}", Files.readString(live.resolve("trainer.json")));

        AtomicFiles.deleteTree(live);
        assertFalse(Files.exists(live));
        AtomicFiles.deleteTree(live); // absent: no error
    }
}
