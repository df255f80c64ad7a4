package org.ser4j.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.heads.DomainHead;
import org.ser4j.nn.heads.EmotionHead;
import org.ser4j.nn.heads.UtterancePooling;
import org.ser4j.nn.heads.LayerWeighting;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.HfKeyMap;
import org.ser4j.weights.ModelInfo;
import org.ser4j.weights.SafetensorsReader;

/**
 * A model directory as the recognizer needs it (docs/contracts.md §5, {@code docs/model-format.md}): the encoder config, the
 * metadata and every tensor by graph name (HF keys for the encoder, {@code heads.emotion.*}, {@code heads.domain.*},
 * optionally {@code heads.layer_weights}).
 *
 * <p>Reading is tolerant about extra keys in {@code ser4j-model.json} (the trainer adds provenance and notes) but
 * strict about what inference depends on: the label list must be present and match the emotion head's output
 * size, and the head tensors must be there. Where a fact is stored twice, the tensors win (head width, layer
 * weighting, pooling) because they are what the graph will run; a {@code pooling} field that contradicts them is an
 * error.
 */
public record ExportedModel(Path dir, HubertConfig config, ModelMetadata metadata, Map<String, INDArray> tensors) {
    public static final String CONFIG = "config.json";
    public static final String PREPROCESSOR = "preprocessor_config.json";
    public static final String INFO = ModelInfo.FILE;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ExportedModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a model directory (expected config.json, ser4j-model.json and "
                    + "model.safetensors inside)");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new BadInputException(configFile + ": missing (the encoder config of the model directory)");
        }
        HubertConfig config = HubertConfig.fromJson(configFile);
        Path infoFile = dir.resolve(INFO);
        if (!Files.isRegularFile(infoFile)) {
            throw new BadInputException(infoFile + ": missing (ser4j-model.json holds the label order and heads)");
        }
        ModelInfo info = ModelInfo.read(infoFile, 16_000, "layer".equals(config.featExtractNorm()));
        JsonNode pre = readJson(dir.resolve(PREPROCESSOR));
        Map<String, INDArray> tensors = HfKeyMap.toHubertModelNames(readTensors(dir));

        List<String> labels = info.labels();
        if (labels.size() < 2) {
            throw new BadInputException(infoFile + ": field 'labels' must list the emotion labels in class "
                    + "order; this looks like an encoder-only model (e.g. `ser4j convert` output) with no emotion head");
        }
        INDArray emoOut = tensors.get(EmotionHead.PREFIX + ".classifier.weight");
        INDArray emoProj = tensors.get(EmotionHead.PREFIX + ".projection.weight");
        if (emoOut == null || emoProj == null) {
            throw new BadInputException(dir + ": weights lack " + EmotionHead.PREFIX + ".projection.weight / "
                    + ".classifier.weight (no emotion head was exported)");
        }
        if (emoOut.size(0) != labels.size()) {
            throw new BadInputException(infoFile + ": field 'labels' has " + labels.size()
                    + " entries but the emotion head outputs " + emoOut.size(0) + " classes");
        }
        ModelInfo.Training training = info.training();
        List<String> domains = List.of();
        INDArray domOut = tensors.get(DomainHead.PREFIX + ".classifier.weight");
        if (domOut != null) {
            domains = training == null || training.domains() == null ? List.of() : training.domains();
            if (domains.size() != domOut.size(0)) {
                // the domain names are informative only; keep the head usable with positional names
                domains = new ArrayList<>();
                for (int i = 0; i < domOut.size(0); i++) {
                    domains.add("domain" + i);
                }
            }
        }
        boolean layerWeights = tensors.containsKey(LayerWeighting.WEIGHTS);
        int headWidth = (int) emoProj.size(0);
        UtterancePooling pooling = UtterancePooling.ofHeadInput(emoProj.size(1), config.hiddenSize(),
                dir + ": " + EmotionHead.PREFIX + ".projection.weight");
        String declared = training == null ? null : training.pooling();
        if (declared != null && !declared.equals(pooling.configName())) {
            throw new BadInputException(infoFile + ": field 'pooling' is '" + declared
                    + "' but the heads' input width " + emoProj.size(1) + " means '" + pooling.configName() + "'");
        }
        // the preprocessor config first, then ser4j-model.json, then HF's rule for wav2vec2-style checkpoints
        boolean normalize = pre != null && pre.has("do_normalize") ? pre.get("do_normalize").asBoolean()
                : info.doNormalize();
        int rate = pre != null && pre.has("sampling_rate") ? pre.get("sampling_rate").asInt() : info.sampleRate();
        ModelMetadata meta;
        try {
            meta = new ModelMetadata(info.formatVersion(), labels, domains, rate, normalize, layerWeights, headWidth,
                    pooling);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(infoFile + ": " + e.getMessage(), e);
        }
        return new ExportedModel(dir, config, meta, tensors);
    }

    private static Map<String, INDArray> readTensors(Path dir) {
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            return SafetensorsReader.readIndexed(index);
        }
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return SafetensorsReader.read(single);
        }
        throw new BadInputException(dir + ": no model.safetensors or model.safetensors.index.json");
    }

    /** The preprocessor config, or null when the directory has none. */
    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new BadInputException(file + ": expected a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }
}
