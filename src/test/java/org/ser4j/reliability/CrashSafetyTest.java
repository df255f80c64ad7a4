package org.ser4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.provenance.ProvenanceFiles;
import org.ser4j.provenance.RunStatus;
import org.ser4j.train.SystemRunner;
import org.ser4j.train.TinyTraining;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.SafetensorsReader;
import org.ser4j.weights.SafetensorsWriter;

/**
 * Crashes and contention with a real training run in a child JVM: kill -9 once a checkpoint exists, then resume,
 * must end with exactly the numbers of an uninterrupted run; while the child trains, a second run on the same
 * system must be refused by the lock; a damaged checkpoint (truncated, or a tensor of the wrong shape) must be
 * refused with the file or tensor named.
 */
class CrashSafetyTest {
    private static final int STEPS = 30;

    @Test
    void killDuringTrainingThenResumeEqualsUninterruptedRunAndTheLockHolds(@TempDir Path dir) throws Exception {
        Path killedWork = dir.resolve("killed");
        Path yaml = TinyTraining.writeExperiment(killedWork, STEPS, 3, 10);
        Path sys = TinyTraining.systemDir(yaml, killedWork);
        Path checkpoint = sys.resolve("fold-1/checkpoint/trainer.json");

        Process child = startChild(yaml, killedWork, dir.resolve("child.log"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.isRegularFile(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(child.isAlive(), "the child ended before its first checkpoint: " + log(dir));
            assertTrue(Files.isRegularFile(checkpoint), "no checkpoint within 90 s: " + log(dir));
            // contention: a second run into the same system folder is refused while the first one holds the lock
            SystemRunner second = TinyTraining.runner(yaml, killedWork);
            BadInputException locked = assertThrows(BadInputException.class, () -> second.runSystem(TinyTraining.MODE, 1));
            assertTrue(locked.getMessage().contains(".lock") && locked.getMessage().contains(sys.toString()),
                    locked.getMessage());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(sys.resolve("system.json")), "killed too late: the run had finished");
        assertEquals(RunStatus.RUNNING, ProvenanceFiles.read(sys.resolve("fold-1/provenance.json")).status(),
                "a killed fold stays RUNNING (never DONE)");
        // debris of a kill in the middle of a checkpoint or a best-weights write
        Files.createDirectories(sys.resolve("fold-1/checkpoint.tmp"));
        Files.writeString(sys.resolve("fold-1/checkpoint.tmp/trainer.json"), "{\"half");
        Files.createDirectories(sys.resolve("fold-1/best-999.tmp"));

        // damaged copies of the checkpoint are refused, naming the file or the tensor
        Path truncated = copy(killedWork, dir.resolve("truncated"));
        Path model = TinyTraining.systemDir(yaml, truncated).resolve("fold-1/checkpoint/model.safetensors");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        BadInputException cut = assertThrows(BadInputException.class,
                () -> TinyTraining.runner(yaml, truncated).runSystem(TinyTraining.MODE, 1));
        assertTrue(cut.getMessage().contains("model.safetensors"), cut.getMessage());

        Path misshaped = copy(killedWork, dir.resolve("misshaped"));
        Path model2 = TinyTraining.systemDir(yaml, misshaped).resolve("fold-1/checkpoint/model.safetensors");
        Map<String, INDArray> tensors = new java.util.LinkedHashMap<>(SafetensorsReader.read(model2));
        INDArray w = tensors.get("enc.layer.weight");
        tensors.put("enc.layer.weight", Nd4j.zeros(w.dataType(), w.length()));
        SafetensorsWriter.writeShard(model2, tensors);
        BadInputException shape = assertThrows(BadInputException.class,
                () -> TinyTraining.runner(yaml, misshaped).runSystem(TinyTraining.MODE, 1));
        assertTrue(shape.getMessage().contains("enc.layer.weight") && shape.getMessage().contains("shape"),
                shape.getMessage());

        // resume the killed run (a new process would do the same: nothing is kept in memory between runs)
        TinyTraining.runner(yaml, killedWork).runSystem(TinyTraining.MODE, 1);

        Path cleanWork = dir.resolve("clean");
        Path yaml2 = TinyTraining.writeExperiment(cleanWork, STEPS, 3, 10);
        TinyTraining.runner(yaml2, cleanWork).runSystem(TinyTraining.MODE, 1);
        Path cleanSys = TinyTraining.systemDir(yaml2, cleanWork);

        assertEquals(Files.readString(cleanSys.resolve("predictions.csv")), Files.readString(sys.resolve("predictions.csv")));
        for (int k = 1; k <= 2; k++) {
            assertEquals(Files.readString(cleanSys.resolve("fold-" + k + "/metrics.jsonl")),
                    Files.readString(sys.resolve("fold-" + k + "/metrics.jsonl")), "fold " + k + " metrics");
        }
        assertEquals(withoutPaths(cleanSys.resolve("system.json"), cleanWork),
                withoutPaths(sys.resolve("system.json"), killedWork));
        assertFalse(Files.exists(sys.resolve("fold-1/checkpoint.tmp")), "debris of the kill is cleaned up");
        assertFalse(Files.exists(sys.resolve("fold-1/best-999.tmp")), "debris of the kill is cleaned up");
    }

    private static Process startChild(Path yaml, Path work, Path log) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, TinyTraining.class.getName(),
                yaml.toString(), work.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static String log(Path dir) throws IOException {
        Path f = dir.resolve("child.log");
        return Files.exists(f) ? Files.readString(f) : "(no log)";
    }

    /** system.json without what differs by folder: paths, and the config hash (the manifest path is in the config). */
    private static String withoutPaths(Path file, Path work) throws IOException {
        return Files.readString(file).replace(work.toString(), "WORK").replaceAll("\"config_sha256\" : \"[0-9a-f]+\"", "");
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, q);
                }
            }
        }
        // the copied experiment must point at its own corpus: rewrite the manifest path in the YAML
        Path yaml = to.resolve("exp.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace(from.toString() + File.separator, to + File.separator));
        return to;
    }
}
