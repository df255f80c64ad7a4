package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.Sha256;
import org.ser4j.weights.SafetensorsReader;
import org.ser4j.weights.SafetensorsWriter;
import org.ser4j.weights.TorchZipBuilder;

import picocli.CommandLine;

/**
 * Issue 21 through {@code ser4j convert}: an output that would overwrite the input, weights with NaN or infinity
 * (and the {@code --allow-non-finite} opt-out), and a hostile checkpoint each give exit code 2 with the file named,
 * and leave the input untouched and no output behind.
 */
class ConvertCommandSafetyTest {
    @TempDir
    Path tmp;

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        CommandLine cl = Ser4j.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, err.toString());
    }

    /** A copy of the tiny HF fixture (config.json, preprocessor_config.json, model.safetensors). */
    private Path hfCopy(String name) throws Exception {
        Path src = ConvertEmbedCommandTest.fixture("tiny-large");
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String f : List.of("config.json", "preprocessor_config.json", "model.safetensors")) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Sha256.ofFile(p));
            }
        }
        return out;
    }

    @Test
    void convertRefusesAnOutputThatWouldOverwriteItsInput() throws Exception {
        Path hf = hfCopy("hf");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), hf);
        Map<String, String> before = digests(hf);
        String[][] overlapping = {
            {hf.toString(), hf.toString()},
            {hf.toString(), link.toString()},
            {hf.toString(), hf.resolve("sub/..").toString()},
            {hf.resolve("model.safetensors").toString(), hf.toString()},
            {hf.resolve("model.safetensors").toString(), link.toString()},
            {hf.resolve("model.safetensors").toString(), hf.resolve("model.safetensors").toString()},
            {hf.resolve("model.safetensors").toString(), hf.resolve("model.safetensors/x").toString()},
        };
        for (String[] c : overlapping) {
            Result r = run("convert", "--in", c[0], "--out", c[1]);
            assertEquals(2, r.code(), String.join(" -> ", c) + ": " + r.err());
            assertTrue(r.err().contains("would overwrite the input --in " + c[0]), r.err());
        }
        assertEquals(before, digests(hf), "the input folder changed");
        // a folder inside the input folder overwrites nothing
        assertEquals(0, run("convert", "--in", hf.toString(), "--out", hf.resolve("converted").toString()).code());
        assertTrue(Files.isRegularFile(hf.resolve("converted/model.safetensors")));
    }

    @Test
    void convertRefusesNonFiniteWeightsUnlessAllowed() throws Exception {
        Path hf = hfCopy("nan");
        Map<String, INDArray> t = new LinkedHashMap<>(SafetensorsReader.read(hf.resolve("model.safetensors")));
        String victim = "encoder.layers.0.attention.q_proj.weight";
        t.get(victim).putScalar(5, Float.NaN);
        SafetensorsWriter.writeShard(hf.resolve("model.safetensors"), t);

        Path out = tmp.resolve("out-nan");
        Result r = run("convert", "--in", hf.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(hf.toString()) && r.err().contains("non-finite weights")
                && r.err().contains(victim + " (NaN at flat index 5)"), r.err());
        assertFalse(Files.exists(out), "nothing may be written for refused weights");

        Result allowed = run("convert", "--in", hf.toString(), "--out", out.toString(), "--allow-non-finite");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(Float.isNaN(SafetensorsReader.read(out.resolve("model.safetensors")).get(victim).getFloat(5)));
    }

    @Test
    void aHostileCheckpointExitsWithTwoNamingFileAndTensor() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hostile"));
        Files.copy(ConvertEmbedCommandTest.fixture("tiny-large").resolve("config.json"), dir.resolve("config.json"));
        Path bin = new TorchZipBuilder().floatStorage("0", 1, 2, 3, 4)
                .tensor("feature_projection.projection.bias", "0", 4, 2, new long[] {4}, new long[] {1})
                .write(dir.resolve("pytorch_model.bin"));
        Result r = run("convert", "--in", dir.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(bin + ": tensor 'feature_projection.projection.bias'")
                && r.err().contains("reads element 5 but its storage"), r.err());
        assertFalse(Files.exists(tmp.resolve("out")));
        assertArrayEquals(new String[] {"config.json", "pytorch_model.bin"},
                Files.list(dir).map(p -> p.getFileName().toString()).sorted().toArray());
    }
}
