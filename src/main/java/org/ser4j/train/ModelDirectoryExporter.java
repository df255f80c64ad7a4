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
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.ModelInfo;

/**
 * Writes a model directory (docs/contracts.md §5) that {@link ModelDirectory#load} reads back: the encoder's
 * {@code config.json} + {@code preprocessor_config.json} (from the {@link EncoderFactory}), {@code ser4j-model.json}
 * ({@link ModelInfo}: label order, heads present, sample rate, normalisation, source of the pretrained weights) and the
 * weights as {@code model.safetensors} (shards below 1 GiB) under the graph's names: HF keys and layouts for the
 * encoder, {@code heads.emotion.*} / {@code heads.domain.*} (PyTorch [out, in] layout) for the heads. Training facts
 * (mode, step, selection) live in the fold's provenance.json, not here.
 */
public final class ModelDirectoryExporter implements ModelExporter {
    private final EncoderFactory encoder;
    private final ModelSpec spec;
    private final boolean doNormalize;
    private final String sourceFile;
    private final Map<String, ?> provenance;

    /** @param sourceFile the pretrained weights the encoder started from (null = random initialisation) */
    public ModelDirectoryExporter(EncoderFactory encoder, ModelSpec spec, boolean doNormalize, String sourceFile) {
        this(encoder, spec, doNormalize, sourceFile, Map.of());
    }

    /**
     * Normalisation from the encoder ({@link HubertEncoderFactory#doNormalize()}, else off), random-init source, and
     * free-form provenance stored in {@code ser4j-model.json}.
     */
    public ModelDirectoryExporter(EncoderFactory encoder, ModelSpec spec, Map<String, ?> provenance) {
        this(encoder, spec, encoder instanceof HubertEncoderFactory h && h.doNormalize(), null, provenance);
    }

    public ModelDirectoryExporter(EncoderFactory encoder, ModelSpec spec, boolean doNormalize, String sourceFile,
                                  Map<String, ?> provenance) {
        this.encoder = encoder;
        this.spec = spec;
        this.doNormalize = doNormalize;
        this.sourceFile = sourceFile;
        this.provenance = Map.copyOf(provenance);
    }

    @Override
    public void writeModelDirectory(Path dir, Map<String, INDArray> params, Map<String, String> note) throws IOException {
        Files.createDirectories(dir);
        encoder.writeConfig(dir);
        ShardedTensors.write(dir, "model", params);
        List<String> heads = new ArrayList<>(List.of("emotion"));
        if (spec.hasDomainHead()) {
            heads.add("domain");
        }
        // ModelInfo's fields first (ModelDirectory reads those), then what the heads need to be rebuilt
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("format_version", ModelInfo.FORMAT_VERSION);
        info.put("labels", spec.emotions());
        info.put("heads", heads);
        info.put("sample_rate", 16000);
        info.put("do_normalize", doNormalize);
        info.put("source_file", sourceFile);
        info.put("source_sha256", null);
        info.put("source_format", sourceFile == null ? "random-init" : "ser4j-training");
        info.put("domains", spec.hasDomainHead() ? spec.domains() : List.of());
        info.put("head_width", spec.headWidth());
        info.put("layer_weights", spec.layerWeights());
        info.put("pooling", spec.pooling().configName());
        info.put("encoder", encoder.describe());
        // sorted: Map.of's iteration order changes from one JVM to the next, the file's bytes should not
        info.put("provenance", new java.util.TreeMap<>(provenance));
        info.put("note", new java.util.TreeMap<>(note));
        AtomicFiles.writeString(dir.resolve(ModelDirectory.INFO), FoldTrainer.JSON.writeValueAsString(info) + "\n");
    }

    /** Whether a folder holds model weights. */
    public static boolean hasWeights(Path dir) {
        return ShardedTensors.exists(dir, "model");
    }

    /** Reads the weights of a model directory. */
    public static Map<String, INDArray> readWeights(Path dir) {
        return ShardedTensors.read(dir, "model");
    }
}
