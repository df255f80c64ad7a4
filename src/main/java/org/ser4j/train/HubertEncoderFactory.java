package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.nn.hubert.TrainingMasks;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.HfKeyMap;
import org.ser4j.weights.SafetensorsReader;
import org.ser4j.weights.WeightImporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts {@link HubertGraph} (TRAINING mode, masks as placeholders) to {@link SpeechEncoder}. Evaluation feeds
 * "everything off" masks: dropout masks of ones, LayerDrop keep = 1, SpecAugment spans of zeros. They are fed with
 * size-1 batch/time axes and broadcast, so they do not depend on the batch shape.
 */
public final class HubertEncoderFactory implements EncoderFactory {
    private static final Logger LOG = LoggerFactory.getLogger(HubertEncoderFactory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubertConfig config;
    private final Path pretrained;
    private final long initSeed;
    private final HubertGraph.Entry entry;
    private final boolean regularize;
    private HubertGraph graph;

    /**
     * @param pretrained a model directory (docs/contracts.md §5) or HF directory with {@code model.safetensors}; null = random
     * @param initSeed   seed of the random initial encoder weights (ignored for the tensors that are imported)
     */
    public HubertEncoderFactory(HubertConfig config, Path pretrained, long initSeed) {
        this(config, pretrained, initSeed, HubertGraph.Entry.WAVEFORM, true);
    }

    private HubertEncoderFactory(HubertConfig config, Path pretrained, long initSeed, HubertGraph.Entry entry,
                                 boolean regularize) {
        this.config = config;
        this.pretrained = pretrained;
        this.initSeed = initSeed;
        this.entry = entry;
        this.regularize = regularize;
    }

    /**
     * The same encoder with its stochastic regularisation in training switched on or off ({@code
     * model.encoder_regularization}). Off, {@link SpeechEncoder#trainingMasks} returns the evaluation masks, so that a
     * training step sees exactly the FE output that evaluation and inference see.
     *
     * <p>WHY it is needed on the demo's tiny pre-trained encoder (measured, fold 1, 64 training crops of 2 s): the
     * pooled FE output varies between utterances by 0.0076 per dimension, while the training masks move it by 0.054
     * (rms per dimension), 0.048 of it a systematic shift: SpecAugment time masks (frames replaced by
     * {@code masked_spec_embed}) shift it by 0.037, the dropout after the feature projection by 0.011, each layer's
     * dropouts by 0.002-0.003. The heads therefore train on inputs whose noise and offset are 3-6 times the signal
     * and are evaluated on clean inputs: both classifiers stayed at chance on test (the domain classifier's test
     * loss 3-12 against ln 4) and gradient reversal had nothing to reverse. With hubert-large fine-tuned on real
     * speech the pooled spread is not that small, so the paper-scale default stays on.
     */
    public HubertEncoderFactory withRegularization(boolean on) {
        return new HubertEncoderFactory(config, pretrained, initSeed, entry, on);
    }

    /** True when {@link SpeechEncoder#trainingMasks} draws dropout/LayerDrop/SpecAugment masks. */
    public boolean regularizes() {
        return regularize;
    }

    /**
     * The same encoder (weights, seed, config) built to start at the CNN's output: its input is fed from a
     * {@link ConvFeatureCache}. Only valid while the CNN is frozen.
     */
    public HubertEncoderFactory withConvFeatureInput() {
        return new HubertEncoderFactory(config, pretrained, initSeed, HubertGraph.Entry.CONV_FEATURES, regularize);
    }

    /** The graph built by the last {@link #build} (null before). */
    HubertGraph graph() {
        return graph;
    }

    /**
     * Resolves {@code model.encoder}: {@code hubert-large}, {@code hubert-base}, {@code tiny} (the tiny large-style
     * config of the parity fixtures: hidden 32, 2 layers) or a path to a {@code config.json}. A {@code weights}
     * directory with its own {@code config.json} wins, since the weights must fit it.
     */
    public static HubertConfig resolveConfig(String encoder, Path weights) {
        if (weights != null && Files.isRegularFile(weights.resolve("config.json"))) {
            return HubertConfig.fromJson(weights.resolve("config.json"));
        }
        return switch (encoder) {
            case "hubert-large" -> HubertConfig.large();
            case "hubert-base" -> HubertConfig.base();
            case "tiny" -> HubertConfig.tinyLarge();
            default -> {
                Path p = Path.of(encoder);
                if (!Files.isRegularFile(p)) {
                    throw new BadInputException("model.encoder: '" + encoder + "' is neither hubert-large, hubert-base, "
                            + "tiny nor an existing config.json");
                }
                yield HubertConfig.fromJson(p);
            }
        };
    }

    /** The provider a system runner uses for {@code model.encoder} / {@code model.weights} (paths against base). */
    public static SystemRunner.EncoderProvider provider(org.ser4j.config.ModelConfig model, Path base) {
        Path weights = model.weights() == null ? null : base.resolve(model.weights());
        if (weights != null && !Files.isDirectory(weights)) {
            throw new BadInputException("model.weights: " + weights + " is not a directory; convert the checkpoint with "
                    + "`ser4j convert --in CHECKPOINT --out " + model.weights() + "`");
        }
        HubertConfig cfg = resolveConfig(model.encoder(), weights);
        boolean normalize = new HubertEncoderFactory(cfg, weights, 0).doNormalize();
        return new SystemRunner.EncoderProvider() {
            @Override
            public EncoderFactory create(long initSeed) {
                return new HubertEncoderFactory(cfg, weights, initSeed)
                        .withRegularization(model.encoderRegularization());
            }

            @Override
            public boolean normalize() {
                return normalize;
            }

            @Override
            public String weightsDescription() {
                return weights == null ? null : weights.toString();
            }
        };
    }

    public HubertConfig config() {
        return config;
    }

    /** The config with LayerDrop set to 0 (required with learned layer weights). */
    static HubertConfig withoutLayerDrop(HubertConfig c) {
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(c.toJson());
            o.put("layerdrop", 0.0);
            return HubertConfig.fromJson(JSON.writeValueAsString(o));
        } catch (IOException e) {
            throw new IllegalStateException("cannot rewrite the HuBERT config", e);
        }
    }

    @Override
    public SpeechEncoder build(SameDiff sd, boolean layerDrop) {
        HubertConfig c = layerDrop ? config : withoutLayerDrop(config);
        // without regularisation every mask would be fed its evaluation value (ones, zeros): the inference graph
        // computes the same numbers without those multiplications, whose backward pass (multiply_bp) is slow in M2.1
        HubertGraph g = HubertGraph.build(sd, c, regularize ? HubertGraph.Mode.TRAINING : HubertGraph.Mode.INFERENCE,
                initSeed, entry);
        this.graph = g;
        Map<String, INDArray> evalMasks = evalMasks(g, c);
        Set<String> fe = new LinkedHashSet<>();
        for (SDVariable v : g.featureEncoderVariables()) {
            fe.add(v.name());
        }
        Set<String> all = new LinkedHashSet<>();
        for (SDVariable v : g.trainableVariables()) {
            all.add(v.name());
        }
        return new SpeechEncoder() {
            @Override
            public String inputName() {
                return g.inputName();
            }

            @Override
            public String maskName() {
                return g.maskName();
            }

            @Override
            public List<SDVariable> hiddenStates() {
                return g.hiddenStates();
            }

            @Override
            public SDVariable lastHiddenState() {
                return g.lastHiddenState();
            }

            @Override
            public SDVariable frameMask() {
                return g.frameMask();
            }

            @Override
            public int hiddenSize() {
                return c.hiddenSize();
            }

            @Override
            public Set<String> featureEncoderVariables() {
                return fe;
            }

            @Override
            public Set<String> encoderVariables() {
                return all;
            }

            @Override
            public Map<String, INDArray> trainingMasks(int batch, int length, int[] lengths, Random rng) {
                return regularize ? g.trainingMasks(batch, length, lengths, rng) : evalMasks;
            }

            @Override
            public Map<String, INDArray> evalMasks(int batch, int length, int[] lengths) {
                return evalMasks;
            }

            @Override
            public void releaseTrainingMasks(Map<String, INDArray> masks) {
                if (masks == evalMasks) {
                    return; // the shared evaluation masks (all trainingMasks gives without regularisation)
                }
                for (INDArray a : masks.values()) {
                    if (a.closeable()) {
                        a.close();
                    }
                }
            }
        };
    }

    /** Masks that switch every stochastic part off, with broadcastable size-1 axes. */
    static Map<String, INDArray> evalMasks(HubertGraph g, HubertConfig c) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : g.trainingMaskNames()) {
            INDArray m;
            if (name.endsWith(".keep")) {
                m = Nd4j.ones(DataType.FLOAT, 1); // the LayerDrop placeholder has shape [1]
            } else if (name.equals(TrainingMasks.SPEC_TIME)) {
                m = Nd4j.zeros(DataType.FLOAT, 1, 1);
            } else if (name.equals(TrainingMasks.SPEC_FEATURE)) {
                m = Nd4j.zeros(DataType.FLOAT, 1, c.hiddenSize());
            } else if (name.endsWith(".attention_dropout")) {
                m = Nd4j.ones(DataType.FLOAT, 1, c.numAttentionHeads(), 1, 1);
            } else if (name.endsWith(".activation_dropout")) {
                m = Nd4j.ones(DataType.FLOAT, 1, 1, c.intermediateSize());
            } else {
                m = Nd4j.ones(DataType.FLOAT, 1, 1, c.hiddenSize());
            }
            out.put(name, m);
        }
        return out;
    }

    @Override
    public void loadPretrained(SameDiff sd) throws IOException {
        if (pretrained == null) {
            return;
        }
        if (graph == null || graph.sameDiff() != sd) {
            throw new IllegalStateException("build the encoder into this graph before loading weights");
        }
        Map<String, INDArray> tensors;
        if (Files.isRegularFile(pretrained.resolve("model.safetensors.index.json"))) {
            tensors = SafetensorsReader.readIndexed(pretrained.resolve("model.safetensors.index.json"));
        } else if (Files.isRegularFile(pretrained.resolve("model.safetensors"))) {
            tensors = SafetensorsReader.read(pretrained.resolve("model.safetensors"));
        } else {
            throw new BadInputException("model.weights: " + pretrained + " has no model.safetensors; convert the "
                    + "checkpoint first with `ser4j convert --in CHECKPOINT --out " + pretrained + "`");
        }
        Map<String, INDArray> named = HfKeyMap.toHubertModelNames(tensors);
        WeightImporter.Report r = WeightImporter.assign(graph, named, WeightImporter.Policy.ignoreUnexpected(),
                pretrained.toString());
        if (!r.clean()) {
            throw new BadInputException("model.weights: " + r.describe());
        }
        LOG.info("loaded {} encoder tensors from {}", r.assigned().size(), pretrained);
    }

    @Override
    public void writeConfig(Path modelDir) throws IOException {
        AtomicFiles.writeString(modelDir.resolve("config.json"), config.toJson());
        Path pre = pretrained == null ? null : pretrained.resolve("preprocessor_config.json");
        if (pre != null && Files.isRegularFile(pre)) {
            AtomicFiles.writeString(modelDir.resolve("preprocessor_config.json"), Files.readString(pre));
        } else {
            AtomicFiles.writeString(modelDir.resolve("preprocessor_config.json"), preprocessorJson(doNormalize()));
        }
    }

    /** Whether waveforms are normalised per utterance: the pretrained model's preprocessor config decides. */
    public boolean doNormalize() {
        Path pre = pretrained == null ? null : pretrained.resolve("preprocessor_config.json");
        if (pre != null && Files.isRegularFile(pre)) {
            try {
                return JSON.readTree(Files.readString(pre)).path("do_normalize").asBoolean(true);
            } catch (IOException e) {
                throw new BadInputException(pre + ": unreadable (" + e.getMessage() + ")", e);
            }
        }
        return "layer".equals(config.featExtractNorm());
    }

    static String preprocessorJson(boolean normalize) {
        return "{\n  \"do_normalize\": " + normalize + ",\n  \"feature_extractor_type\": \"Wav2Vec2FeatureExtractor\",\n"
                + "  \"feature_size\": 1,\n  \"padding_side\": \"right\",\n  \"padding_value\": 0.0,\n"
                + "  \"return_attention_mask\": true,\n  \"sampling_rate\": 16000\n}\n";
    }

    @Override
    public String structureKey() {
        return "hubert " + entry + " regularize=" + regularize + "\n" + config.toJson();
    }

    @Override
    public String describe() {
        return "hubert(hidden " + config.hiddenSize() + ", layers " + config.numHiddenLayers() + ")"
                + (pretrained == null ? " random init seed " + initSeed : " from " + pretrained);
    }
}
