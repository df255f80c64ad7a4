package org.ser4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.onnx.HubertOnnxExporter;
import org.ser4j.onnx.OnnxNames;
import org.ser4j.onnx.OnnxRuntimeEncoder;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.ModelInfo;

/**
 * The same encoder through ONNX Runtime (issue 10): the SameDiff graph's random weights (same seed as
 * {@link SameDiffForward}) are exported with {@link HubertOnnxExporter} to a temporary file, which an
 * {@link OnnxRuntimeEncoder} session then runs with one intra-op thread per core. Export and session creation are
 * set-up, not part of the timed forward; the temporary model is deleted on close.
 */
public final class OnnxForward implements ForwardBackend {
    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String group() {
        return "onnx";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public PreparedForward prepare(HubertConfig config, long seed) throws IOException {
        HubertConfig c = config.withoutRegularisation();
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        SameDiff sd = SameDiff.create();
        for (SDVariable v : HubertGraph.build(sd, c, HubertGraph.Mode.INFERENCE, seed).parameters()) {
            tensors.put(v.name(), v.getArr());
        }
        Path tmp = Files.createTempDirectory("ser4j-bench-onnx");
        ModelDirectory md = new ModelDirectory(c, true, Waveforms.RATE,
                ModelInfo.encoderOnly(Waveforms.RATE, true, "random weights (bench)", null, "random"), tensors, tmp);
        Path file = tmp.resolve("model.onnx");
        HubertOnnxExporter.export(md, file, HubertOnnxExporter.Options.defaults());
        tensors.clear();
        OnnxRuntimeEncoder enc = OnnxRuntimeEncoder.open(file, OnnxRuntimeEncoder.Settings.cpu(
                Runtime.getRuntime().availableProcessors()));
        return new PreparedForward() {
            private INDArray input;

            @Override
            public void setInput(float[][] waveforms) {
                input = Nd4j.createFromArray(waveforms);
            }

            @Override
            public long[] run() {
                return enc.run(input, null, Set.of(OnnxNames.LAST_HIDDEN_STATE)).get(OnnxNames.LAST_HIDDEN_STATE)
                        .shape();
            }

            @Override
            public void close() {
                enc.close();
                try (Stream<Path> s = Files.walk(tmp)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // a leftover temporary model is harmless; the figures are already taken
                }
            }
        };
    }
}
