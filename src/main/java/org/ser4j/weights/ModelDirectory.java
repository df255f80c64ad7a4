package org.ser4j.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A model on disk, as one value: config, preprocessing, ser4j metadata and all named tensors (float32, HF key names;
 * heads as {@code heads.emotion.*} / {@code heads.domain.*}).
 *
 * <p>{@link #load(Path)} accepts
 * <ul>
 * <li>a ser4j model directory (docs/contracts.md §5): {@code config.json}, {@code preprocessor_config.json},
 *     {@code ser4j-model.json}, {@code model.safetensors} or sharded {@code model-0000i-of-0000n.safetensors} +
 *     {@code model.safetensors.index.json};</li>
 * <li>a Hugging Face model directory as it is: {@code config.json} + {@code model.safetensors} (or its index) or
 *     {@code pytorch_model.bin}; {@code preprocessor_config.json} optional (absent: normalise for layer-norm models,
 *     as HF's conversion does);</li>
 * <li>a single {@code .safetensors} / {@code .bin} file with {@code config.json} beside it;</li>
 * <li>a fairseq checkpoint ({@code *.pt}), or a directory holding exactly one.</li>
 * </ul>
 * {@link #write} produces a ser4j model directory with safetensors shards under 1 GiB; SameDiff's own FlatBuffers
 * format is not used (it cannot pass 2 GiB), the graph is rebuilt from config.json by {@link #buildGraph}.
 */
public record ModelDirectory(HubertConfig config, boolean doNormalize, int sampleRate, ModelInfo info,
                             Map<String, INDArray> tensors, Path source) {
    public static final String CONFIG = "config.json";
    public static final String PREPROCESSOR = "preprocessor_config.json";
    public static final String INFO = ModelInfo.FILE;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static ModelDirectory load(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException(path + ": no such model directory or checkpoint file");
        }
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (name.endsWith(".safetensors") || name.endsWith(".bin") || name.endsWith(".index.json")) {
                return fromHfFiles(path.toAbsolutePath().getParent(), path);
            }
            return fromFairseq(path);
        }
        Path weights = hfWeightsIn(path);
        if (weights != null && Files.isRegularFile(path.resolve(CONFIG))) {
            return fromHfFiles(path, weights);
        }
        List<Path> pts = list(path, ".pt");
        if (pts.size() == 1 && !Files.exists(path.resolve(CONFIG))) {
            return fromFairseq(pts.get(0));
        }
        throw new BadInputException(path + ": expected config.json with model.safetensors[.index.json] or"
                + " pytorch_model.bin (HF or ser4j model directory), or a single fairseq .pt checkpoint");
    }

    private static Path hfWeightsIn(Path dir) {
        for (String n : new String[] {"model.safetensors.index.json", "model.safetensors", "pytorch_model.bin"}) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        return null;
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list directory (" + e.getMessage() + ")", e);
        }
    }

    private static ModelDirectory fromHfFiles(Path dir, Path weights) {
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new BadInputException(dir + ": config.json is missing next to " + weights.getFileName());
        }
        HubertConfig config = HubertConfig.fromJson(configFile);
        String name = weights.getFileName().toString();
        Map<String, INDArray> tensors;
        String format;
        if (name.endsWith(".index.json")) {
            tensors = SafetensorsReader.readIndexed(weights);
            format = "safetensors-sharded";
        } else if (name.endsWith(".safetensors")) {
            tensors = SafetensorsReader.read(weights);
            format = "safetensors";
        } else {
            tensors = TorchPickleReader.readStateDict(weights);
            format = "pytorch-zip-pickle";
        }
        boolean normalize = "layer".equals(config.featExtractNorm());
        int rate = 16_000;
        Path pre = dir.resolve(PREPROCESSOR);
        if (Files.isRegularFile(pre)) {
            JsonNode p = readJson(pre);
            normalize = p.path("do_normalize").asBoolean(normalize);
            rate = p.path("sampling_rate").asInt(rate);
        }
        ModelInfo info;
        Path infoFile = dir.resolve(INFO);
        if (Files.isRegularFile(infoFile)) {
            // the encoder-level fields only: a converted directory does not carry its source's heads or records
            info = ModelInfo.read(infoFile, rate, normalize).encoderFields().withDoNormalize(normalize);
            try {
                info.requireDistinctLabels();
            } catch (IllegalArgumentException e) {
                throw new BadInputException(infoFile + ": " + e.getMessage(), e);
            }
        } else {
            info = ModelInfo.encoderOnly(rate, normalize, weights.toString(), Sha256.ofFile(weights), format);
        }
        return new ModelDirectory(config, normalize, rate, info, HfKeyMap.toHubertModelNames(tensors), dir);
    }

    private static ModelDirectory fromFairseq(Path file) {
        FairseqCheckpoint ck = FairseqCheckpoint.read(file);
        ModelInfo info = ModelInfo.encoderOnly(16_000, ck.normalize(), file.toString(), Sha256.ofFile(file),
                "fairseq");
        return new ModelDirectory(ck.config(), ck.normalize(), 16_000, info, ck.tensors(), file);
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new BadInputException(p + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Builds the encoder graph from {@link #config()} into {@code sd} and assigns the encoder tensors (strict:
     * missing, unexpected or mis-shaped tensors are an error naming them; {@code heads.*} tensors are passed through
     * in the report for the caller's heads).
     */
    public Loaded buildGraph(SameDiff sd, HubertGraph.Mode mode, WeightImporter.Policy policy) {
        HubertGraph graph = HubertGraph.buildForImport(sd, config, mode);
        WeightImporter.Report report = WeightImporter.assign(graph, tensors, policy, String.valueOf(source));
        return new Loaded(graph, report);
    }

    /** A built graph with its import report. */
    public record Loaded(HubertGraph graph, WeightImporter.Report report) {}

    /** Writes a ser4j model directory: config, preprocessing, ser4j-model.json, safetensors shards. */
    public static void write(Path dir, HubertConfig config, boolean doNormalize, int sampleRate,
                             Map<String, INDArray> tensors, ModelInfo info) throws IOException {
        write(dir, config, doNormalize, sampleRate, tensors, info, SafetensorsWriter.DEFAULT_MAX_SHARD_BYTES);
    }

    public static void write(Path dir, HubertConfig config, boolean doNormalize, int sampleRate,
                             Map<String, INDArray> tensors, ModelInfo info, long maxShardBytes) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter.write(dir, "model", new LinkedHashMap<>(tensors), maxShardBytes);
        AtomicFiles.writeString(dir.resolve(CONFIG), config.toJson());
        ObjectNode pre = new ObjectMapper().createObjectNode();
        pre.put("do_normalize", doNormalize);
        pre.put("feature_extractor_type", "Wav2Vec2FeatureExtractor");
        pre.put("feature_size", 1);
        pre.put("padding_side", "right");
        pre.put("padding_value", 0.0);
        pre.put("return_attention_mask", "layer".equals(config.featExtractNorm()));
        pre.put("sampling_rate", sampleRate);
        AtomicFiles.writeString(dir.resolve(PREPROCESSOR), JSON.writeValueAsString(pre) + "\n");
        info.writeTo(dir);
    }

    /** Writes this model (e.g. as loaded from a checkpoint) as a ser4j model directory. */
    public void writeTo(Path dir) throws IOException {
        write(dir, config, doNormalize, sampleRate, tensors, info);
    }
}
