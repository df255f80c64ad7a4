package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
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
    private final Map<String, Object> provenance;

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
        new ModelInfo(ModelInfo.FORMAT_VERSION, spec.emotions(), heads, 16000, doNormalize, sourceFile, null,
                sourceFile == null ? "random-init" : "ser4j-training",
                new ModelInfo.Training(spec.hasDomainHead() ? spec.domains() : List.of(), spec.headWidth(),
                        spec.layerWeights(), spec.pooling().configName(), encoder.describe(), provenance, note),
                null).writeTo(dir);
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
