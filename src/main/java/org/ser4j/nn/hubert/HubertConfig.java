package org.ser4j.nn.hubert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ser4j.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The architecture and regularisation settings of a HuBERT encoder, read from and written as a Hugging Face
 * {@code config.json} ({@code HubertConfig} field names in snake_case).
 *
 * <p>Architecture fields ({@code hidden_size}, {@code num_hidden_layers}, {@code num_attention_heads},
 * {@code intermediate_size}, {@code conv_dim}, {@code conv_kernel}, {@code conv_stride}, {@code conv_bias},
 * {@code feat_extract_norm}, {@code do_stable_layer_norm}) are required: HF's own defaults are base-sized, and a
 * silent fallback would build the wrong network for a large checkpoint. Regularisation and positional-conv fields
 * fall back to the HF defaults. Fields ser4j does not use (vocab_size, id2label, ...) are kept in {@code extras} and
 * written back unchanged, so a converted model directory stays loadable by transformers.
 *
 * <p>Named factories: {@link #large()} (facebook/hubert-large-ll60k), {@link #base()} (facebook/hubert-base-ls960),
 * {@link #tinyLarge()} / {@link #tinyBase()} (the 32-dim test fixtures).
 */
public record HubertConfig(
        int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
        List<Integer> convDim, List<Integer> convKernel, List<Integer> convStride, boolean convBias,
        String featExtractNorm, boolean doStableLayerNorm, boolean featProjLayerNorm, double layerNormEps,
        int numConvPosEmbeddings, int numConvPosEmbeddingGroups,
        double hiddenDropout, double attentionDropout, double activationDropout, double featProjDropout,
        double layerdrop,
        boolean applySpecAugment, double maskTimeProb, int maskTimeLength, int maskTimeMinMasks,
        double maskFeatureProb, int maskFeatureLength, int maskFeatureMinMasks,
        Map<String, Object> extras) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Keys this record owns; everything else in a config.json lands in {@link #extras}. */
    private static final Set<String> OWN_KEYS = Set.of("hidden_size", "num_hidden_layers", "num_attention_heads",
            "intermediate_size", "conv_dim", "conv_kernel", "conv_stride", "conv_bias", "feat_extract_norm",
            "do_stable_layer_norm", "feat_proj_layer_norm", "layer_norm_eps", "num_conv_pos_embeddings",
            "num_conv_pos_embedding_groups", "hidden_dropout", "attention_dropout", "activation_dropout",
            "feat_proj_dropout", "layerdrop", "apply_spec_augment", "mask_time_prob", "mask_time_length",
            "mask_time_min_masks", "mask_feature_prob", "mask_feature_length", "mask_feature_min_masks",
            "num_feat_extract_layers", "hidden_act", "feat_extract_activation", "model_type");

    public HubertConfig {
        convDim = List.copyOf(convDim);
        convKernel = List.copyOf(convKernel);
        convStride = List.copyOf(convStride);
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras == null ? Map.of() : extras));
        require(hiddenSize > 0 && numHiddenLayers >= 0 && numAttentionHeads > 0 && intermediateSize > 0,
                "hidden_size, num_hidden_layers, num_attention_heads, intermediate_size must be positive");
        require(hiddenSize % numAttentionHeads == 0, "hidden_size " + hiddenSize
                + " must be divisible by num_attention_heads " + numAttentionHeads);
        require(!convDim.isEmpty() && convDim.size() == convKernel.size() && convDim.size() == convStride.size(),
                "conv_dim, conv_kernel and conv_stride must have the same non-zero length, got " + convDim.size()
                        + ", " + convKernel.size() + ", " + convStride.size());
        for (int i = 0; i < convDim.size(); i++) {
            require(convDim.get(i) > 0 && convKernel.get(i) > 0 && convStride.get(i) > 0,
                    "conv_dim/conv_kernel/conv_stride entries must be positive (layer " + i + ")");
        }
        require("layer".equals(featExtractNorm) || "group".equals(featExtractNorm),
                "feat_extract_norm must be \"layer\" or \"group\", got \"" + featExtractNorm + "\"");
        require(layerNormEps > 0, "layer_norm_eps must be positive");
        require(numConvPosEmbeddings > 0 && numConvPosEmbeddingGroups > 0
                        && hiddenSize % numConvPosEmbeddingGroups == 0,
                "num_conv_pos_embedding_groups " + numConvPosEmbeddingGroups + " must divide hidden_size " + hiddenSize);
        for (double p : new double[] {hiddenDropout, attentionDropout, activationDropout, featProjDropout, layerdrop,
                maskTimeProb, maskFeatureProb}) {
            require(p >= 0 && p < 1, "dropout/layerdrop/mask probabilities must be in [0, 1), got " + p);
        }
        require(maskTimeLength > 0 && maskFeatureLength > 0 && maskTimeMinMasks >= 0 && maskFeatureMinMasks >= 0,
                "mask lengths must be positive and min masks non-negative");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException("config.json: " + message);
        }
    }

    public int numConvLayers() {
        return convDim.size();
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Output frames of the conv feature encoder for {@code samples} input samples: floor((L - k)/s) + 1 per layer. */
    public int framesFor(int samples) {
        long len = samples;
        for (int i = 0; i < convKernel.size(); i++) {
            len = Math.floorDiv(len - convKernel.get(i), convStride.get(i)) + 1;
        }
        return (int) Math.max(len, 0);
    }

    /** The smallest input (in samples) that yields at least one frame. */
    public int receptiveField() {
        long field = 1;
        for (int i = convKernel.size() - 1; i >= 0; i--) {
            field = (field - 1) * convStride.get(i) + convKernel.get(i);
        }
        return (int) field;
    }

    /** Total stride of the conv stack in samples (320 = 20 ms at 16 kHz for HuBERT). */
    public int totalStride() {
        int s = 1;
        for (int v : convStride) {
            s *= v;
        }
        return s;
    }

    /** A copy with every dropout, LayerDrop and SpecAugment probability set to zero (deterministic training). */
    public HubertConfig withoutRegularisation() {
        return new HubertConfig(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, convDim,
                convKernel, convStride, convBias, featExtractNorm, doStableLayerNorm, featProjLayerNorm, layerNormEps,
                numConvPosEmbeddings, numConvPosEmbeddingGroups, 0, 0, 0, 0, 0, false, 0, maskTimeLength,
                maskTimeMinMasks, 0, maskFeatureLength, maskFeatureMinMasks, extras);
    }

    /** This config with the non-architecture extras of {@code other} (to compare configs read from different files). */
    public HubertConfig withExtrasOf(HubertConfig other) {
        return new HubertConfig(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, convDim, convKernel,
                convStride, convBias, featExtractNorm, doStableLayerNorm, featProjLayerNorm, layerNormEps,
                numConvPosEmbeddings, numConvPosEmbeddingGroups, hiddenDropout, attentionDropout, activationDropout,
                featProjDropout, layerdrop, applySpecAugment, maskTimeProb, maskTimeLength, maskTimeMinMasks,
                maskFeatureProb, maskFeatureLength, maskFeatureMinMasks, other.extras);
    }

    // ---------------------------------------------------------------- named factories

    /** facebook/hubert-large-ll60k (315,438,720 parameters). */
    public static HubertConfig large() {
        return architecture(1024, 24, 16, 4096, 512, true, "layer", true, 128, 16, 0.0);
    }

    /** facebook/hubert-base-ls960 (94,371,712 parameters). */
    public static HubertConfig base() {
        return architecture(768, 12, 12, 3072, 512, false, "group", false, 128, 16, 0.1);
    }

    /** The tiny large-style fixture: hidden 32, 2 layers, 4 heads, conv 7 x 24, pos-conv k16 g4. */
    public static HubertConfig tinyLarge() {
        return architecture(32, 2, 4, 64, 24, true, "layer", true, 16, 4, 0.0);
    }

    /** The tiny base-style fixture (group norm, post-LN, no conv bias). */
    public static HubertConfig tinyBase() {
        return architecture(32, 2, 4, 64, 24, false, "group", false, 16, 4, 0.1);
    }

    private static HubertConfig architecture(int hidden, int layers, int heads, int ffn, int convChannels,
                                             boolean convBias, String norm, boolean stable, int posKernel,
                                             int posGroups, double activationDropout) {
        List<Integer> dims = Collections.nCopies(7, convChannels);
        return new HubertConfig(hidden, layers, heads, ffn, dims, List.of(10, 3, 3, 3, 3, 2, 2),
                List.of(5, 2, 2, 2, 2, 2, 2), convBias, norm, stable, true, 1e-5, posKernel, posGroups,
                0.1, 0.1, activationDropout, 0.1, 0.1, true, 0.05, 10, 2, 0.0, 10, 0, Map.of());
    }

    // ---------------------------------------------------------------- JSON

    public static HubertConfig fromJson(Path configJson) {
        try {
            return fromJson(Files.readString(configJson), configJson.toString());
        } catch (IOException e) {
            throw new BadInputException(configJson + ": cannot read HuBERT config.json (" + e.getMessage() + ")", e);
        }
    }

    public static HubertConfig fromJson(String json) {
        return fromJson(json, "config.json");
    }

    private static HubertConfig fromJson(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new BadInputException(source + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(source + ": expected a JSON object");
        }
        Reader r = new Reader(root, source);
        String act = r.text("hidden_act", "gelu");
        String featAct = r.text("feat_extract_activation", "gelu");
        if (!"gelu".equals(act) || !"gelu".equals(featAct)) {
            throw new BadInputException(source + ": hidden_act/feat_extract_activation must be \"gelu\" (exact erf GELU),"
                    + " got \"" + act + "\"/\"" + featAct + "\"");
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!OWN_KEYS.contains(e.getKey())) {
                extras.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
            }
        }
        try {
            HubertConfig cfg = new HubertConfig(r.requiredInt("hidden_size"), r.requiredInt("num_hidden_layers"),
                    r.requiredInt("num_attention_heads"), r.requiredInt("intermediate_size"),
                    r.requiredInts("conv_dim"), r.requiredInts("conv_kernel"), r.requiredInts("conv_stride"),
                    r.requiredBool("conv_bias"), r.requiredText("feat_extract_norm"),
                    r.requiredBool("do_stable_layer_norm"), r.bool("feat_proj_layer_norm", true),
                    r.dbl("layer_norm_eps", 1e-5), r.integer("num_conv_pos_embeddings", 128),
                    r.integer("num_conv_pos_embedding_groups", 16), r.dbl("hidden_dropout", 0.1),
                    r.dbl("attention_dropout", 0.1), r.dbl("activation_dropout", 0.1),
                    r.dbl("feat_proj_dropout", 0.0), r.dbl("layerdrop", 0.1), r.bool("apply_spec_augment", true),
                    r.dbl("mask_time_prob", 0.05), r.integer("mask_time_length", 10),
                    r.integer("mask_time_min_masks", 2), r.dbl("mask_feature_prob", 0.0),
                    r.integer("mask_feature_length", 10), r.integer("mask_feature_min_masks", 0), extras);
            if (root.has("num_feat_extract_layers") && root.get("num_feat_extract_layers").asInt() != cfg.numConvLayers()) {
                throw new BadInputException(source + ": num_feat_extract_layers " + root.get("num_feat_extract_layers")
                        + " differs from len(conv_dim) " + cfg.numConvLayers());
            }
            return cfg;
        } catch (BadInputException e) {
            if (e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new BadInputException(source + ": " + e.getMessage().replaceFirst("^config\\.json: ", ""), e);
        }
    }

    /** An HF-compatible config.json (model_type hubert), extras included. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        Map<String, Object> all = new java.util.TreeMap<>(extras);
        all.putIfAbsent("architectures", List.of("HubertModel"));
        all.put("model_type", "hubert");
        all.put("hidden_size", hiddenSize);
        all.put("num_hidden_layers", numHiddenLayers);
        all.put("num_attention_heads", numAttentionHeads);
        all.put("intermediate_size", intermediateSize);
        all.put("hidden_act", "gelu");
        all.put("feat_extract_activation", "gelu");
        all.put("conv_dim", convDim);
        all.put("conv_kernel", convKernel);
        all.put("conv_stride", convStride);
        all.put("num_feat_extract_layers", numConvLayers());
        all.put("conv_bias", convBias);
        all.put("feat_extract_norm", featExtractNorm);
        all.put("do_stable_layer_norm", doStableLayerNorm);
        all.put("feat_proj_layer_norm", featProjLayerNorm);
        all.put("layer_norm_eps", layerNormEps);
        all.put("num_conv_pos_embeddings", numConvPosEmbeddings);
        all.put("num_conv_pos_embedding_groups", numConvPosEmbeddingGroups);
        all.put("hidden_dropout", hiddenDropout);
        all.put("attention_dropout", attentionDropout);
        all.put("activation_dropout", activationDropout);
        all.put("feat_proj_dropout", featProjDropout);
        all.put("layerdrop", layerdrop);
        all.put("apply_spec_augment", applySpecAugment);
        all.put("mask_time_prob", maskTimeProb);
        all.put("mask_time_length", maskTimeLength);
        all.put("mask_time_min_masks", maskTimeMinMasks);
        all.put("mask_feature_prob", maskFeatureProb);
        all.put("mask_feature_length", maskFeatureLength);
        all.put("mask_feature_min_masks", maskFeatureMinMasks);
        all.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Typed access to config.json fields with messages that name the field. */
    private record Reader(JsonNode root, String source) {
        private JsonNode required(String key) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                throw new BadInputException(source + ": required field \"" + key + "\" is missing");
            }
            return n;
        }

        int requiredInt(String key) {
            JsonNode n = required(key);
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw new BadInputException(source + ": field \"" + key + "\" must be an integer, got " + n);
            }
            return n.intValue();
        }

        boolean requiredBool(String key) {
            JsonNode n = required(key);
            if (!n.isBoolean()) {
                throw new BadInputException(source + ": field \"" + key + "\" must be true or false, got " + n);
            }
            return n.booleanValue();
        }

        String requiredText(String key) {
            JsonNode n = required(key);
            if (!n.isTextual()) {
                throw new BadInputException(source + ": field \"" + key + "\" must be a string, got " + n);
            }
            return n.textValue();
        }

        List<Integer> requiredInts(String key) {
            JsonNode n = required(key);
            if (!n.isArray()) {
                throw new BadInputException(source + ": field \"" + key + "\" must be a list of integers, got " + n);
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : (ArrayNode) n) {
                if (!e.isIntegralNumber()) {
                    throw new BadInputException(source + ": field \"" + key + "\" must hold integers, got " + e);
                }
                out.add(e.intValue());
            }
            return out;
        }

        int integer(String key, int dflt) {
            return root.hasNonNull(key) ? requiredInt(key) : dflt;
        }

        double dbl(String key, double dflt) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (!n.isNumber()) {
                throw new BadInputException(source + ": field \"" + key + "\" must be a number, got " + n);
            }
            return n.doubleValue();
        }

        boolean bool(String key, boolean dflt) {
            return root.hasNonNull(key) ? requiredBool(key) : dflt;
        }

        String text(String key, String dflt) {
            return root.hasNonNull(key) ? requiredText(key) : dflt;
        }
    }
}
