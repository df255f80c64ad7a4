package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.AtomicFiles;

/**
 * Writes a model directory (contracts §5): the encoder's {@code config.json} + {@code preprocessor_config.json}
 * (from the {@link EncoderFactory}), {@code ser4j-model.json} (format version, label orders, heads present, sample
 * rate, normalisation, provenance of the weights) and the weights as {@code model.safetensors} (sharded below 1 GiB)
 * under the graph's variable names: HF keys for the encoder, {@code heads.emotion.*} / {@code heads.domain.*} for the
 * heads.
 */
public final class ModelDirectoryExporter implements ModelExporter {
    public static final int FORMAT_VERSION = 1;
    private final EncoderFactory encoder;
    private final ModelSpec spec;
    private final Map<String, Object> provenance;

    public ModelDirectoryExporter(EncoderFactory encoder, ModelSpec spec, Map<String, Object> provenance) {
        this.encoder = encoder;
        this.spec = spec;
        this.provenance = provenance;
    }

    @Override
    public void writeModelDirectory(Path dir, Map<String, INDArray> params, Map<String, String> note) throws IOException {
        Files.createDirectories(dir);
        encoder.writeConfig(dir);
        ShardedTensors.write(dir, "model", params, Map.of("format", "pt"));
        List<String> heads = new ArrayList<>(List.of("emotion"));
        if (spec.hasDomainHead()) {
            heads.add("domain");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format_version", FORMAT_VERSION);
        meta.put("encoder", encoder.describe());
        meta.put("labels", spec.emotions());
        meta.put("domains", spec.hasDomainHead() ? spec.domains() : null);
        meta.put("heads", heads);
        meta.put("head_width", spec.headWidth());
        meta.put("layer_weights", spec.layerWeights());
        meta.put("sample_rate", 16000);
        meta.put("normalize", "per preprocessor_config.json");
        meta.put("weights_layout", "graph variable names and layouts");
        meta.put("provenance", provenance);
        meta.put("note", note);
        AtomicFiles.writeString(dir.resolve("ser4j-model.json"),
                FoldTrainer.JSON.writeValueAsString(meta) + "\n");
    }

    /** Whether a folder holds model weights written by this class. */
    public static boolean hasWeights(Path dir) {
        return ShardedTensors.exists(dir, "model");
    }

    /** Reads the weights of a model directory written by this class. */
    public static Map<String, INDArray> readWeights(Path dir) {
        return ShardedTensors.read(dir, "model");
    }
}
