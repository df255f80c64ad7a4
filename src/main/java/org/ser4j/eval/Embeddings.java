package org.ser4j.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Npy;

/**
 * A system's pooled FE outputs for intermediate fusion and the domain probe (docs/contracts.md §4), in
 * {@link RunLayout#EMBEDDINGS}: {@code fold-<k>-<split>.npy}, float32 [N, D], and {@code fold-<k>-<split>.csv} with a
 * {@code utt_id} header and the utterance id of each row.
 */
public final class Embeddings {
    public static final String ID_HEADER = "utt_id";

    private Embeddings() {}

    public static void write(Path systemDir, int fold, String split, List<String> ids, float[][] rows)
            throws IOException {
        Files.createDirectories(systemDir.resolve(RunLayout.EMBEDDINGS));
        Npy.write(RunLayout.embeddingMatrix(systemDir, fold, split), rows);
        StringBuilder csv = new StringBuilder(ID_HEADER).append('\n');
        for (String id : ids) {
            csv.append(id).append('\n');
        }
        AtomicFiles.writeString(RunLayout.embeddingIds(systemDir, fold, split), csv.toString());
    }

    /** The utterance ids of the rows; blank lines are skipped and the header is optional. */
    public static List<String> readIds(Path csv) {
        List<String> ids;
        try {
            ids = Files.readAllLines(csv).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new BadInputException(csv + ": cannot read (" + e.getMessage() + ")", e);
        }
        return !ids.isEmpty() && ids.get(0).equals(ID_HEADER) ? ids.subList(1, ids.size()) : ids;
    }
}
