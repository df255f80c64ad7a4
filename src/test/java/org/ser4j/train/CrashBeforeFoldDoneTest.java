package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.provenance.ProvenanceFiles;
import org.ser4j.provenance.RunStatus;
import org.ser4j.util.AtomicFiles;

/**
 * A fold that crashes after writing its outputs (model, predictions.csv) but before provenance.json says DONE is
 * rerun from its final checkpoint, which names the selected step's {@code best-<step>/} weights. They used to be
 * deleted before DONE, so the rerun failed; now they stay until DONE, and a fold left without them by that older order
 * takes them from the model it exported of the same step. Either way the rerun ends exactly as an uninterrupted run.
 */
class CrashBeforeFoldDoneTest {
    private static List<Path> bestDirs(Path fold) throws Exception {
        try (Stream<Path> s = Files.list(fold)) {
            return s.filter(p -> p.getFileName().toString().startsWith("best-")).toList();
        }
    }

    /** Trains the tiny two-fold system straight through under {@code work}; returns its system folder. */
    private static Path straight(Path yaml, Path work) throws Exception {
        Files.createDirectories(work);
        SystemRunner runner = TinyTraining.runner(yaml, work);
        runner.runSystem(TinyTraining.MODE, 1);
        return runner.systemDir(TinyTraining.MODE, 1);
    }

    /** Trains under {@code work} until fold 1's outputs are written and crashes before it is marked DONE. */
    private static Path crashBeforeFoldOneIsDone(Path yaml, Path work) throws Exception {
        Files.createDirectories(work);
        SystemRunner crashing = TinyTraining.runner(yaml, work);
        crashing.crashBeforeDone(1);
        assertThrows(FoldTrainer.SimulatedCrash.class, () -> crashing.runSystem(TinyTraining.MODE, 1));
        Path system = crashing.systemDir(TinyTraining.MODE, 1);
        Path fold1 = system.resolve("fold-1");
        assertTrue(Files.isRegularFile(fold1.resolve("predictions.csv")), "the fold's outputs were written");
        assertNotEquals(RunStatus.DONE, ProvenanceFiles.read(fold1.resolve("provenance.json")).status());
        assertFalse(Files.exists(system.resolve("fold-2")), "the crash stopped the system at fold 1");
        return system;
    }

    private static void assertSameResults(Path expected, Path actual) throws Exception {
        assertEquals(Files.readString(expected.resolve("predictions.csv")),
                Files.readString(actual.resolve("predictions.csv")), "pooled predictions");
        for (String fold : List.of("fold-1", "fold-2")) {
            assertEquals(Files.readString(expected.resolve(fold).resolve("predictions.csv")),
                    Files.readString(actual.resolve(fold).resolve("predictions.csv")), fold + " predictions");
            assertEquals(Files.readString(expected.resolve(fold).resolve("metrics.jsonl")),
                    Files.readString(actual.resolve(fold).resolve("metrics.jsonl")), fold + " metrics");
            Map<String, INDArray> a = ModelDirectoryExporter.readWeights(expected.resolve(fold).resolve("model"));
            Map<String, INDArray> b = ModelDirectoryExporter.readWeights(actual.resolve(fold).resolve("model"));
            assertEquals(a.keySet(), b.keySet());
            a.forEach((name, t) -> assertEquals(t, b.get(name), fold + " exported " + name));
            assertEquals(RunStatus.DONE, ProvenanceFiles.read(actual.resolve(fold).resolve("provenance.json")).status());
            assertEquals(List.of(), bestDirs(actual.resolve(fold)), "best-* are deleted once the fold is DONE");
        }
    }

    @Test
    void theSelectedWeightsStayUntilDoneAndTheRerunEndsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path yaml = TinyTraining.writeExperiment(dir, 6, 3, 3);
        Path expected = straight(yaml, dir.resolve("straight"));
        Path system = crashBeforeFoldOneIsDone(yaml, dir.resolve("crashed"));
        assertEquals(1, bestDirs(system.resolve("fold-1")).size(), "the selected weights are kept until DONE");

        TinyTraining.runner(yaml, dir.resolve("crashed")).runSystem(TinyTraining.MODE, 1);
        assertSameResults(expected, system);
    }

    @Test
    void aFoldLeftWithoutItsSelectedWeightsTakesThemFromItsExportedModel(@TempDir Path dir) throws Exception {
        Path yaml = TinyTraining.writeExperiment(dir, 6, 3, 3);
        Path expected = straight(yaml, dir.resolve("straight"));
        Path system = crashBeforeFoldOneIsDone(yaml, dir.resolve("crashed"));
        for (Path best : bestDirs(system.resolve("fold-1"))) {
            AtomicFiles.deleteTree(best); // the state the older order (best-* deleted before DONE) left behind
        }

        TinyTraining.runner(yaml, dir.resolve("crashed")).runSystem(TinyTraining.MODE, 1);
        assertSameResults(expected, system);
    }
}
