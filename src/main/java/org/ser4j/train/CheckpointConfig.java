package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ser4j.config.ResultConfig;
import org.ser4j.eval.RunLayout;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

/**
 * The config a fold checkpoint was written under: {@code trainer.json} records the SHA-256 of its
 * {@link ResultConfig}, and the checkpoint keeps a copy of the resolved config ({@value #FILE}) so that a refused
 * resume can name the keys that differ. A resume is exact or refused: a checkpoint written under another config, or
 * one that records no config, is not resumed.
 */
final class CheckpointConfig {
    /** The copy of the resolved config kept inside the checkpoint folder. */
    static final String FILE = RunLayout.CONFIG;

    private CheckpointConfig() {
    }

    /**
     * Refuses with {@link BadInputException} when the checkpoint in {@code checkpointDir} was written under a config
     * whose result-relevant keys differ from {@code now}; does nothing when there is no checkpoint.
     */
    static void requireResumable(Path checkpointDir, ResultConfig now) throws IOException {
        if (!AtomicFiles.recoverDirectory(checkpointDir, "trainer.json")) {
            return;
        }
        TrainerState st = FoldTrainer.JSON.readValue(Files.readString(checkpointDir.resolve("trainer.json")),
                TrainerState.class);
        if (now.sha256().equals(st.configSha256())) {
            return;
        }
        String restart = "; rerun with the checkpoint's config or delete " + checkpointDir.getParent()
                + " to start the fold over";
        Path copy = checkpointDir.resolve(FILE);
        if (st.configSha256() == null || !Files.isRegularFile(copy)) {
            throw new BadInputException(checkpointDir + ": the checkpoint records no config, so resuming it cannot be "
                    + "shown to be exact" + restart);
        }
        ResultConfig then = ResultConfig.of(Files.readString(copy), copy.toString());
        if (!then.sha256().equals(st.configSha256())) {
            throw new BadInputException(copy + ": does not match the config digest in trainer.json (edited?)" + restart);
        }
        throw new BadInputException(checkpointDir + ": checkpoint written under another config; differing keys: "
                + then.describeDifferences(now) + restart);
    }
}
