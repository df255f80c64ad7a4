package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.BadInputException;

/** Readers, writers and the strict importer on the fixture checkpoints and on hand-made files. */
class CheckpointFormatsTest {
    @TempDir
    Path tmp;

    @Test
    void safetensorsAndPytorchBinHoldTheSameTensors() {
        for (String m : List.of("tiny-large", "tiny-base")) {
            Map<String, INDArray> st = SafetensorsReader.read(HubertFixtures.dir(m).resolve("model.safetensors"));
            Map<String, INDArray> pt = TorchPickleReader.readStateDict(HubertFixtures.dir(m).resolve("pytorch_model.bin"));
            assertEquals(st.keySet(), pt.keySet(), m);
            st.forEach((k, v) -> assertEquals(0.0, HubertFixtures.maxAbsDiff(v, pt.get(k)), m + " " + k));
            assertEquals(HubertGraph.parameterShapes(HubertConfig.fromJson(HubertFixtures.dir(m).resolve("config.json")))
                    .keySet(), st.keySet());
        }
    }

    @Test
    void fairseqKeyMapDropsExactlyThePretrainingHead() {
        FairseqCheckpoint ck = FairseqCheckpoint.read(HubertFixtures.dir("tiny-large-fairseq").resolve("checkpoint.pt"));
        assertEquals(java.util.Set.of("label_embs_concat", "final_proj.weight", "final_proj.bias"),
                java.util.Set.copyOf(ck.dropped()));
        Map<String, INDArray> hf = SafetensorsReader.read(HubertFixtures.dir("tiny-large").resolve("model.safetensors"));
        assertEquals(hf.keySet(), ck.tensors().keySet());
        hf.forEach((k, v) -> assertEquals(0.0, HubertFixtures.maxAbsDiff(v, ck.tensors().get(k)), k));
    }

    @Test
    void keyMapDataFileIsTheClasspathCopy() throws IOException {
        String inRepo = Files.readString(Path.of("weights-convert/fairseq-to-hf-keys.tsv"));
        String onClasspath = new String(FairseqKeyMap.class.getResourceAsStream(FairseqKeyMap.RESOURCE).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(inRepo, onClasspath);
    }

    @Test
    void fp16AndBf16SafetensorsDecode() throws IOException {
        // hand-made file: [1.0, -2.5, 0.000061035156 (min normal), 65504] as F16 and [1.0, -2.5, 3.140625] as BF16
        Path f = tmp.resolve("half.safetensors");
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[8,14]}}";
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length() + 14).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        buf.putShort((short) 0x3c00).putShort((short) 0xc100).putShort((short) 0x0400).putShort((short) 0x7bff);
        buf.putShort((short) 0x3f80).putShort((short) 0xc020).putShort((short) 0x4049);
        Files.write(f, buf.array());
        Map<String, INDArray> t = SafetensorsReader.read(f);
        assertArrayEquals(new float[] {1f, -2.5f, 6.1035156e-5f, 65504f}, t.get("h").toFloatVector(), 0f);
        assertArrayEquals(new float[] {1f, -2.5f, 3.140625f}, t.get("b").toFloatVector(), 0f);
    }

    @Test
    void shardedWriteReadsBackWithAnIndex() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            t.put("w" + i, Nd4j.rand(DataType.FLOAT, 10, 20));
        }
        List<Path> files = SafetensorsWriter.write(tmp, "model", t, 2 * 10 * 20 * 4);
        assertEquals(4, files.size()); // 3 shards + index
        assertTrue(files.get(0).getFileName().toString().equals("model-00001-of-00003.safetensors"));
        Map<String, INDArray> back = SafetensorsReader.readIndexed(tmp.resolve("model.safetensors.index.json"));
        assertEquals(t.keySet(), back.keySet());
        t.forEach((k, v) -> assertEquals(0.0, HubertFixtures.maxAbsDiff(v, back.get(k)), k));
    }

    @Test
    void importerNamesMissingUnexpectedAndMisshapedTensors() {
        String m = "tiny-large";
        Map<String, INDArray> w = new LinkedHashMap<>(SafetensorsReader.read(HubertFixtures.dir(m).resolve("model.safetensors")));
        HubertGraph g = HubertGraph.build(SameDiff.create(), HubertConfig.tinyLarge(), HubertGraph.Mode.INFERENCE);

        Map<String, INDArray> bad = new LinkedHashMap<>(w);
        bad.put("encoder.layers.1.attention.q_proj.weight", Nd4j.zeros(DataType.FLOAT, 32, 31));
        BadInputException e = assertThrows(BadInputException.class,
                () -> WeightImporter.assign(g, bad, WeightImporter.Policy.ignoreUnexpected(), "x.safetensors"));
        assertTrue(e.getMessage().contains("encoder.layers.1.attention.q_proj.weight [32, 31]"), e.getMessage());

        Map<String, INDArray> missing = new LinkedHashMap<>(w);
        missing.remove("encoder.layer_norm.bias");
        e = assertThrows(BadInputException.class,
                () -> WeightImporter.assign(g, missing, WeightImporter.Policy.strict(), "x"));
        assertTrue(e.getMessage().contains("missing [encoder.layer_norm.bias]"), e.getMessage());

        Map<String, INDArray> extra = new LinkedHashMap<>(w);
        extra.put("classifier.weight", Nd4j.zeros(DataType.FLOAT, 4, 32));
        extra.put("heads.emotion.weight", Nd4j.ones(DataType.FLOAT, 4, 32));
        e = assertThrows(BadInputException.class,
                () -> WeightImporter.assign(g, extra, WeightImporter.Policy.strict(), "x"));
        assertTrue(e.getMessage().contains("unexpected [classifier.weight]"), e.getMessage());
        WeightImporter.Report r = WeightImporter.assign(g, extra, WeightImporter.Policy.ignoreUnexpected(), "x");
        assertEquals(List.of("classifier.weight"), r.unexpected());
        assertEquals(List.of("heads.emotion.weight"), List.copyOf(r.passedThrough().keySet()));
        assertEquals(w.size(), r.assigned().size());
    }

    @Test
    void foldedPositionalConvWeightIsUnfoldedExactly() {
        Map<String, INDArray> w = new LinkedHashMap<>(SafetensorsReader.read(HubertFixtures.dir("tiny-large").resolve("model.safetensors")));
        INDArray g = w.remove("encoder.pos_conv_embed.conv.weight_g");
        INDArray v = w.remove("encoder.pos_conv_embed.conv.weight_v");
        INDArray folded = v.mul(g.div(Nd4j.math().sqrt(v.mul(v).sum(true, 0, 1))));
        w.put("encoder.pos_conv_embed.conv.weight", folded);
        Map<String, INDArray> n = HfKeyMap.toHubertModelNames(w);
        INDArray g2 = n.get("encoder.pos_conv_embed.conv.weight_g");
        INDArray v2 = n.get("encoder.pos_conv_embed.conv.weight_v");
        INDArray refolded = v2.mul(g2.div(Nd4j.math().sqrt(v2.mul(v2).sum(true, 0, 1))));
        assertTrue(HubertFixtures.maxAbsDiff(folded, refolded) < 1e-6);
    }

    @Test
    void modelDirectoryRoundTripToleratesExporterFields() throws IOException {
        ModelDirectory md = ModelDirectory.load(HubertFixtures.dir("tiny-large"));
        Path dir = tmp.resolve("model");
        Map<String, INDArray> withHead = new LinkedHashMap<>(md.tensors());
        withHead.put("heads.emotion.weight", Nd4j.ones(DataType.FLOAT, 4, 32));
        ModelDirectory.write(dir, md.config(), md.doNormalize(), 16_000, withHead, md.info());
        Files.writeString(dir.resolve(ModelDirectory.INFO), "{\"format_version\": 1, \"encoder\": {\"kind\": \"hubert\"},"
                + " \"labels\": [\"ang\", \"hap\", \"neu\", \"sad\"], \"heads\": [\"emotion\"],"
                + " \"sample_rate\": 16000, \"normalize\": \"per preprocessor_config.json\", \"note\": {}}");
        ModelDirectory back = ModelDirectory.load(dir);
        assertEquals(List.of("emotion"), back.info().heads());
        assertEquals(List.of("ang", "hap", "neu", "sad"), back.info().labels());
        assertTrue(back.doNormalize());
        assertEquals(md.config(), back.config().withExtrasOf(md.config()));
        assertEquals(withHead.keySet(), back.tensors().keySet());
        WeightImporter.Report r = back.buildGraph(SameDiff.create(), HubertGraph.Mode.INFERENCE,
                WeightImporter.Policy.strict()).report();
        assertEquals(List.of("heads.emotion.weight"), List.copyOf(r.passedThrough().keySet()));
    }
}
