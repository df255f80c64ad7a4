package org.ser4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.Npy;

class EmbeddingsTest {
    @Test
    void matrixAndIdsRoundTripUnderTheRunLayoutNames(@TempDir Path sys) throws Exception {
        float[][] x = {{1f, 2f}, {-3.5f, 4.25f}, {0f, 1e-7f}};
        Embeddings.write(sys, 2, "dev", List.of("a", "b", "c"), x);
        Path npy = sys.resolve("embeddings").resolve("fold-2-dev.npy");
        Path csv = sys.resolve("embeddings").resolve("fold-2-dev.csv");
        assertEquals(npy, RunLayout.embeddingMatrix(sys, 2, "dev"));
        assertEquals("utt_id\na\nb\nc\n", Files.readString(csv));
        float[][] back = Npy.readRows(npy);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i], back[i]);
        }
        assertEquals(List.of("a", "b", "c"), Embeddings.readIds(csv));
    }

    @Test
    void idsWithoutHeaderOrWithBlankLinesReadTheSame(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("ids.csv");
        Files.writeString(csv, "x\n\n y \n");
        assertEquals(List.of("x", "y"), Embeddings.readIds(csv));
    }
}
