package org.ser4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.app.Ser4j;
import org.ser4j.audio.AudioLoader;
import org.ser4j.audio.WavReader;
import org.ser4j.audio.WavWriter;
import org.ser4j.config.ExperimentLoader;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.FakeCorpora;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.data.datavec.AudioDataset;
import org.ser4j.data.iemocap.IemocapCorpus;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.TinyTraining;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.SafetensorsReader;
import org.ser4j.weights.SafetensorsWriter;

import picocli.CommandLine;

/**
 * Bad input that the other tests do not try (docs/reliability.md lists every case, theirs included): each must give
 * a {@link BadInputException} whose message names the file or field, and must leave nothing half-written.
 */
class BadInputReliabilityTest {
    @TempDir
    Path dir;

    private static BadInputException bad(Executable call, String... mustContain) {
        BadInputException e = assertThrows(BadInputException.class, call);
        for (String s : mustContain) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should contain '" + s + "'");
        }
        return e;
    }

    private Path goodWav(String name) throws IOException {
        Path f = dir.resolve(name);
        WavWriter.writePcm16(f, new float[1600], 16000);
        return f;
    }

    // ------------------------------------------------------------------ WAV files

    @Test
    void corruptWavFilesNameTheFile() throws Exception {
        Path zero = dir.resolve("zero-bytes.wav");
        Files.write(zero, new byte[0]);
        bad(() -> AudioLoader.load16k(zero), "zero-bytes.wav");

        byte[] good = Files.readAllBytes(goodWav("good.wav"));
        Path header = dir.resolve("cut-in-header.wav");
        Files.write(header, java.util.Arrays.copyOf(good, 30));
        bad(() -> WavReader.read(header), "cut-in-header.wav");

        Path noChannels = dir.resolve("no-channels.wav");
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
        Files.write(noChannels, b);
        bad(() -> WavReader.read(noChannels), "no-channels.wav");

        Path noRate = dir.resolve("rate-zero.wav");
        byte[] r = good.clone();
        ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 0);
        Files.write(noRate, r);
        bad(() -> AudioLoader.load16k(noRate), "rate-zero.wav");

        Path noFmt = dir.resolve("no-fmt.wav");
        ByteBuffer nf = ByteBuffer.allocate(12 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        nf.put("RIFF".getBytes()).putInt(16).put("WAVE".getBytes()).put("data".getBytes()).putInt(4).putInt(0);
        Files.write(noFmt, nf.array());
        bad(() -> WavReader.read(noFmt), "no-fmt.wav");

        Path folder = dir.resolve("folder.wav");
        Files.createDirectories(folder);
        bad(() -> AudioLoader.load16k(folder), "folder.wav");
    }

    // ------------------------------------------------------------------ labels

    @Test
    void missingIemocapLabelFileIsNamed() throws Exception {
        Path root = FakeCorpora.iemocap(dir);
        Files.delete(root.resolve("Session1/dialog/EmoEvaluation/Ses01F_script01_2.txt"));
        bad(() -> IemocapCorpus.build(root), "Ses01F_script01_2.txt", "missing");
    }

    @Test
    void unknownLabelsAreNamed() throws Exception {
        Path work = dir.resolve("w");
        Path yaml = TinyTraining.writeExperiment(work, 2, 1, 1);
        // data.labels with a typo: no utterance has it
        Files.writeString(yaml, Files.readString(yaml).replace("  dev_speakers: 0", "  dev_speakers: 0\n  labels: [ang, hap, neu, sadd]"));
        bad(() -> TinyTraining.runner(yaml, work), "data.labels", "sadd");
        assertFalse(Files.exists(work.resolve("runs")), "nothing may be written");

        // a label outside the emotion set reaching the batch pipeline names the utterance
        ManifestRow row = new ManifestRow("u1", "a.wav", "c", "en", "s1", "F", "EF", 1, "bored", 0.1, Map.of());
        Manifest m = Manifest.of(List.of(row), dir);
        EmotionSet strict = EmotionSet.DEFAULT;
        Executable select = () -> AudioDataset.select(List.of(m), List.of("u1"), strict, DomainSet.DEFAULT);
        bad(select, "u1", "bored");
    }

    @Test
    void unknownDomainIsNamed() throws Exception {
        Path work = dir.resolve("w");
        Path yaml = TinyTraining.writeExperiment(work, 2, 1, 1);
        Files.writeString(yaml, Files.readString(yaml).replace("  dev_speakers: 0", "  dev_speakers: 0\n  domains: [EM, EF, JM]"));
        bad(() -> TinyTraining.runner(yaml, work), "domain", "JF", "data.domains");
    }

    // ------------------------------------------------------------------ manifests

    @Test
    void manifestNamingMissingFilesFailsBeforeAnythingIsWritten() throws Exception {
        Path work = dir.resolve("w");
        Path yaml = TinyTraining.writeExperiment(work, 2, 1, 1);
        Path victim;
        try (Stream<Path> s = Files.list(work.resolve("corpus/wav"))) {
            victim = s.sorted().findFirst().orElseThrow();
        }
        Files.delete(victim);
        bad(() -> TinyTraining.runner(yaml, work), "data.corpora", victim.getFileName().toString());
        assertFalse(Files.exists(work.resolve("runs")), "nothing may be written");

        // corpus check reports it too, with exit code 2
        StringWriter out = new StringWriter();
        CommandLine cl = Ser4j.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int exit = cl.execute("corpus", "check", "--manifest", work.resolve("corpus/manifest.csv").toString());
        assertEquals(2, exit);
        assertTrue(out.toString().contains(victim.getFileName().toString()), out.toString());
    }

    // ------------------------------------------------------------------ checkpoints

    @Test
    void truncatedSafetensorsIsNamed() throws Exception {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("a", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 8));
        t.put("b", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16));
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter.writeShard(f, t);
        byte[] all = Files.readAllBytes(f);
        for (int cut : new int[] {4, 20, all.length - 3}) {
            Path g = dir.resolve("cut" + cut + ".safetensors");
            Files.write(g, java.util.Arrays.copyOf(all, cut));
            bad(() -> SafetensorsReader.read(g), g.getFileName().toString());
        }
    }

    @Test
    void pretrainedWeightsWithAWrongShapeAreNamed() throws Exception {
        HubertConfig c = HubertConfig.tinyLarge();
        Map<String, INDArray> weights = new LinkedHashMap<>();
        SameDiff ref = SameDiff.create();
        HubertGraph g = HubertGraph.build(ref, c, HubertGraph.Mode.INFERENCE);
        for (SDVariable v : g.parameters()) {
            weights.put(v.name(), v.getArr());
        }
        String victim = "encoder.layers.1.attention.k_proj.weight";
        weights.put(victim, Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 32, 16));
        Path modelDir = dir.resolve("model");
        Files.createDirectories(modelDir);
        SafetensorsWriter.writeShard(modelDir.resolve("model.safetensors"), weights);
        HubertEncoderFactory f = new HubertEncoderFactory(c, modelDir, 0);
        SameDiff sd = SameDiff.create();
        f.build(sd, true);
        bad(() -> f.loadPretrained(sd), victim);
    }

    // ------------------------------------------------------------------ YAML

    @Test
    void yamlTyposAndUnknownKeysAreNamed() throws Exception {
        Path work = dir.resolve("w");
        Path yaml = TinyTraining.writeExperiment(work, 2, 1, 1);
        String text = Files.readString(yaml);
        ExperimentLoader loader = new ExperimentLoader(Map.of());

        Path top = dir.resolve("top.yaml");
        Files.writeString(top, text.replace("trials: 1", "trails: 1"));
        bad(() -> loader.load(top, List.of()), "top.yaml", "trails");

        Path nested = dir.resolve("nested.yaml");
        Files.writeString(nested, text.replace("steps: 2", "stpes: 2"));
        bad(() -> loader.load(nested, List.of()), "nested.yaml", "train.stpes");

        bad(() -> loader.load(yaml, List.of("train.lr_encodr=1e-4")), "train.lr_encodr");
        bad(() -> loader.load(yaml, List.of("train.steps")), "train.steps");

        Path type = dir.resolve("type.yaml");
        Files.writeString(type, text.replace("steps: 2", "steps: two"));
        bad(() -> loader.load(type, List.of()), "type.yaml", "steps");

        Path scale = dir.resolve("scale.yaml");
        Files.writeString(scale, text + "scale: demo\nscales:\n  demo: {train.step: 3}\n");
        bad(() -> loader.load(scale, List.of()), "scale.yaml", "train.step");

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "name: x\n  seed: [1, 2\n");
        bad(() -> loader.load(broken, List.of()), "broken.yaml", "not valid YAML");

        bad(() -> loader.load(dir.resolve("absent.yaml"), List.of()), "absent.yaml", "not found");
    }

    // ------------------------------------------------------------------ outputs that cannot be written

    @Test
    void resultsFolderThatCannotBeWrittenIsNamedBeforeAnythingIsWritten() throws Exception {
        // Tests run as root, where permission bits do not stop writes: a path below a regular file cannot be a folder.
        Path work = dir.resolve("w");
        Path yaml = TinyTraining.writeExperiment(work, 2, 1, 1);
        Path blocker = work.resolve("runs");
        Files.writeString(blocker, "a file where the runs folder should be");
        bad(() -> TinyTraining.runner(yaml, work).runSystem(TinyTraining.MODE, 1), blocker.toString(), "is a file");
        assertEquals("a file where the runs folder should be", Files.readString(blocker));

        bad(() -> AtomicFiles.writeString(blocker.resolve("x/report.md"), "x"), blocker.resolve("x").toString(),
                "is a file");

        // through the CLI: exit code 2 and the path in the message
        StringWriter err = new StringWriter();
        CommandLine cl = Ser4j.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        Path csv = dir.resolve("corpus.csv");
        FakeCorpora.wav(dir.resolve("a.wav"), 1600, 16000);
        Files.writeString(csv, "path,emotion,speaker,gender,language,session\na.wav,neu,s1,F,en,1\n");
        int exit = cl.execute("corpus", "manifest", "--corpus", "csv", "--root", csv.toString(), "--out",
                blocker.resolve("manifest.csv").toString());
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains(blocker.toString()), err.toString());
    }

    @Test
    void aWriterThatFailsMidwayLeavesNoHalfWrittenFile() throws Exception {
        // the mechanism every results file (fusion.json, reports, predictions, system.json) goes through
        Path target = dir.resolve("out/fusion.json");
        IOException boom = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("{\"best\": [1, 2, ".getBytes());
            throw new IOException("interrupted");
        }));
        assertEquals("interrupted", boom.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing(target.getParent()), "no temporary file left behind");

        AtomicFiles.writeString(target, "{\"best\": [3]}\n");
        assertThrows(RuntimeException.class, () -> AtomicFiles.write(target, out -> {
            out.write("{\"best\": [".getBytes());
            throw new IllegalStateException("killed");
        }));
        assertEquals("{\"best\": [3]}\n", Files.readString(target), "the previous complete file survives");
        assertEquals(List.of("fusion.json"), listing(target.getParent()));
    }

    private static List<String> listing(Path d) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
