package org.ser4j.nn.hubert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.layers.DynamicShapes;
import org.ser4j.nn.layers.ExactGelu;
import org.ser4j.nn.layers.GroupedConv1d;
import org.ser4j.nn.layers.LayerNorm;
import org.ser4j.nn.layers.Linear;
import org.ser4j.nn.layers.MultiHeadSelfAttention;
import org.ser4j.nn.layers.PerChannelGroupNorm;

/**
 * The HuBERT encoder ({@code transformers.HubertModel}) as a SameDiff graph, built from a {@link HubertConfig}.
 *
 * <p><b>Placeholders</b>: {@value #INPUT_VALUES} float32 [B, S] (normalised waveform, zero-padded) and
 * {@value #ATTENTION_MASK} float32 [B, S] (1 = valid sample, 0 = padding; pass all ones when there is no padding).
 * Batch and length are dynamic: one graph serves every shape. In {@link Mode#TRAINING} the graph also has the mask
 * placeholders listed by {@link #trainingMaskNames()}; {@link #trainingMasks} makes one set of them per step from a
 * seeded {@link java.util.Random} (SameDiff's in-graph random ops return frozen values or fail on dynamic shapes).
 * {@link Mode#INFERENCE} needs no mask placeholders and has no randomness. With {@code sd.fit}, list the mask
 * names after the two inputs in {@code TrainingConfig.dataSetFeatureMapping} and pass the masks as extra feature
 * arrays of the MultiDataSet (LayerDrop masks have shape [1]).
 *
 * <p><b>Variables</b> are named exactly as the Hugging Face state-dict keys ({@code
 * encoder.layers.3.attention.q_proj.weight}) and keep PyTorch's layouts ([out, in] linears, [out, in/groups, k]
 * convs); the graph permutes where SameDiff needs another layout, so import and export are plain renames. The
 * positional conv keeps its weight-norm parametrisation ({@code weight_g} [1,1,K], {@code weight_v}) and folds it in
 * the graph ({@code w = g v / ||v||}, norm over dims 0 and 1 per kernel tap), exactly as training in PyTorch does.
 * {@link #parameterShapes(HubertConfig)} lists them without building anything.
 *
 * <p><b>Outputs</b>: {@link #hiddenStates()} has {@code num_hidden_layers + 1} entries with the meaning and order of
 * HF {@code output_hidden_states=True}; {@link #lastHiddenState()} [B, T, H]; {@link #frameMask()} [B, T] float
 * (1 = valid frame; sample lengths pushed through the conv stack as HF {@code _get_feature_vector_attention_mask}).
 * Padded frames are zeroed before the positional conv and masked as attention keys, so for layer-norm (large-style)
 * models padding does not change any output at valid frames; group-norm (base-style) models normalise conv block 0
 * over the padded length, exactly like HF's batched behaviour.
 *
 * <p><b>Building</b>: {@link #build} draws HF-style random initial weights (seeded); {@link #buildForImport} fills
 * zeros for callers that assign a checkpoint right away ({@code ModelDirectory.buildGraph} does), which saves the
 * random draws (tens of seconds for hubert-large on a busy machine).
 *
 * <p><b>Freezing</b> the CNN: pass {@link #featureEncoderVariables()} to {@code sd.convertToConstants}, or train only
 * {@link #trainableVariables()} minus those.
 */
public final class HubertGraph {
    /** Train or infer: TRAINING adds dropout, LayerDrop and SpecAugment driven by mask placeholders. */
    public enum Mode { INFERENCE, TRAINING }

    /**
     * Where the graph starts. WAVEFORM (the model as published) takes {@value #INPUT_VALUES} [B, S] and
     * {@value #ATTENTION_MASK} [B, S]. CONV_FEATURES skips the CNN feature encoder and takes its output
     * {@value #EXTRACT_FEATURES} [B, T, C] with {@value #FRAME_MASK} [B, T]: with a frozen CNN the features of an
     * utterance never change, so a trainer can compute them once and spend its steps on the transformer. The CNN's
     * variables are still created (same names and initial values as WAVEFORM), so weights import and export alike.
     */
    public enum Entry { WAVEFORM, CONV_FEATURES }

    public static final String INPUT_VALUES = "input_values";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String EXTRACT_FEATURES = "extract_features";
    public static final String FRAME_MASK = "frame_mask";
    /** Seed of the random initial weights when none is given; imported checkpoints overwrite them. */
    public static final long DEFAULT_INIT_SEED = 0L;
    /** Added to attention scores of padded keys (HF uses float32 min; both give exactly zero probability). */
    static final double KEY_MASK_NEGATIVE = 1e9;

    private final SameDiff sd;
    private final HubertConfig config;
    private final Mode mode;
    private final Entry entry;
    private final List<SDVariable> convOutputs = new ArrayList<>();
    private final List<SDVariable> attentions = new ArrayList<>();
    private final List<SDVariable> hiddenStates = new ArrayList<>();
    private final List<SDVariable> featureEncoderVariables = new ArrayList<>();
    private final List<SDVariable> allVariables = new ArrayList<>();
    private final Map<String, TrainingMasks.Spec> maskSpecs = new LinkedHashMap<>();
    private SDVariable extractFeatures;
    private SDVariable featureProjection;
    private SDVariable frameMask;
    private SDVariable lastHiddenState;

    private HubertGraph(SameDiff sd, HubertConfig config, Mode mode, Entry entry) {
        this.sd = sd;
        this.config = config;
        this.mode = mode;
        this.entry = entry;
    }

    /** Builds the encoder into {@code sd} with random initial weights (seed {@link #DEFAULT_INIT_SEED}). */
    public static HubertGraph build(SameDiff sd, HubertConfig cfg, Mode mode) {
        return build(sd, cfg, mode, DEFAULT_INIT_SEED);
    }

    /** Builds the encoder into {@code sd}; initial weights follow HF's init scheme from {@code initSeed}. */
    public static HubertGraph build(SameDiff sd, HubertConfig cfg, Mode mode, long initSeed) {
        return build(sd, cfg, mode, initSeed, Entry.WAVEFORM);
    }

    /** Builds the encoder into {@code sd} starting at {@code entry}; initial weights as {@link #build}. */
    public static HubertGraph build(SameDiff sd, HubertConfig cfg, Mode mode, long initSeed, Entry entry) {
        HubertGraph g = new HubertGraph(sd, cfg, mode, entry);
        g.createVariables(initSeed, true);
        g.wire();
        return g;
    }

    /**
     * Builds the encoder with zero-filled parameters, for callers that assign every weight right after (importing a
     * checkpoint): drawing 315 M random values for hubert-large takes tens of seconds on a busy 2-core machine.
     */
    public static HubertGraph buildForImport(SameDiff sd, HubertConfig cfg, Mode mode) {
        HubertGraph g = new HubertGraph(sd, cfg, mode, Entry.WAVEFORM);
        g.createVariables(0, false);
        g.wire();
        return g;
    }

    // ---------------------------------------------------------------- parameters

    /**
     * Every parameter of the encoder in HF state-dict naming, layout and order of registration, computed from the
     * config alone (nothing is allocated). For facebook/hubert-large-ll60k this is 422 tensors, 315,438,720 values.
     */
    public static Map<String, long[]> parameterShapes(HubertConfig c) {
        Map<String, long[]> p = new LinkedHashMap<>();
        if (c.maskTimeProb() > 0 || c.maskFeatureProb() > 0) {
            p.put("masked_spec_embed", new long[] {c.hiddenSize()});
        }
        int in = 1;
        for (int i = 0; i < c.numConvLayers(); i++) {
            String pre = "feature_extractor.conv_layers." + i + ".";
            int out = c.convDim().get(i);
            p.put(pre + "conv.weight", new long[] {out, in, c.convKernel().get(i)});
            if (c.convBias()) {
                p.put(pre + "conv.bias", new long[] {out});
            }
            if ("layer".equals(c.featExtractNorm()) || i == 0) {
                p.put(pre + "layer_norm.weight", new long[] {out});
                p.put(pre + "layer_norm.bias", new long[] {out});
            }
            in = out;
        }
        int h = c.hiddenSize();
        if (c.featProjLayerNorm()) {
            p.put("feature_projection.layer_norm.weight", new long[] {in});
            p.put("feature_projection.layer_norm.bias", new long[] {in});
        }
        p.put("feature_projection.projection.weight", new long[] {h, in});
        p.put("feature_projection.projection.bias", new long[] {h});
        p.put("encoder.pos_conv_embed.conv.bias", new long[] {h});
        p.put("encoder.pos_conv_embed.conv.weight_g", new long[] {1, 1, c.numConvPosEmbeddings()});
        p.put("encoder.pos_conv_embed.conv.weight_v",
                new long[] {h, h / c.numConvPosEmbeddingGroups(), c.numConvPosEmbeddings()});
        p.put("encoder.layer_norm.weight", new long[] {h});
        p.put("encoder.layer_norm.bias", new long[] {h});
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String pre = "encoder.layers." + l + ".";
            for (String proj : new String[] {"k_proj", "v_proj", "q_proj", "out_proj"}) {
                p.put(pre + "attention." + proj + ".weight", new long[] {h, h});
                p.put(pre + "attention." + proj + ".bias", new long[] {h});
            }
            p.put(pre + "layer_norm.weight", new long[] {h});
            p.put(pre + "layer_norm.bias", new long[] {h});
            p.put(pre + "feed_forward.intermediate_dense.weight", new long[] {c.intermediateSize(), h});
            p.put(pre + "feed_forward.intermediate_dense.bias", new long[] {c.intermediateSize()});
            p.put(pre + "feed_forward.output_dense.weight", new long[] {h, c.intermediateSize()});
            p.put(pre + "feed_forward.output_dense.bias", new long[] {h});
            p.put(pre + "final_layer_norm.weight", new long[] {h});
            p.put(pre + "final_layer_norm.bias", new long[] {h});
        }
        return p;
    }

    /** Number of parameter values (weight_g and weight_v counted separately, as in a HF state dict). */
    public static long parameterCount(HubertConfig c) {
        long n = 0;
        for (long[] s : parameterShapes(c).values()) {
            long e = 1;
            for (long d : s) {
                e *= d;
            }
            n += e;
        }
        return n;
    }

    private void createVariables(long seed, boolean random) {
        // One generator for all tensors: a new native generator per tensor costs seconds at full size.
        org.nd4j.linalg.api.rng.Random rng = random ? Nd4j.getRandomFactory().getNewRandomInstance(seed) : null;
        for (Map.Entry<String, long[]> e : parameterShapes(config).entrySet()) {
            SDVariable v = sd.var(e.getKey(), random ? initialValue(e.getKey(), e.getValue(), rng)
                    : Nd4j.zeros(DataType.FLOAT, e.getValue()));
            allVariables.add(v);
            if (e.getKey().startsWith("feature_extractor.")) {
                featureEncoderVariables.add(v);
            }
        }
        if (!random) {
            return;
        }
        // weight_norm starts with g = ||v|| (per kernel tap), as torch.nn.utils.weight_norm does.
        INDArray v = sd.getVariable("encoder.pos_conv_embed.conv.weight_v").getArr();
        INDArray norm = Nd4j.math().sqrt(v.mul(v).sum(true, 0, 1));
        sd.getVariable("encoder.pos_conv_embed.conv.weight_g").getArr().assign(norm);
    }

    /** HF-style initial values: N(0, 0.02) linears, Kaiming-normal convs, unit norms, zero biases. */
    private static INDArray initialValue(String name, long[] shape, org.nd4j.linalg.api.rng.Random rng) {
        if (name.endsWith(".bias")) {
            return Nd4j.zeros(DataType.FLOAT, shape);
        }
        if (name.endsWith("layer_norm.weight")) {
            return Nd4j.ones(DataType.FLOAT, shape);
        }
        if (name.equals("masked_spec_embed")) {
            return Nd4j.rand(shape, 0.0, 1.0, rng).castTo(DataType.FLOAT);
        }
        double std;
        if (name.startsWith("feature_extractor.")) {
            std = Math.sqrt(2.0 / (shape[1] * shape[2]));
        } else if (name.endsWith("weight_v")) {
            std = Math.sqrt(4.0 / (shape[1] * shape[2]));
        } else {
            std = 0.02;
        }
        int[] intShape = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            intShape[i] = Math.toIntExact(shape[i]);
        }
        return Nd4j.randn(intShape, rng).castTo(DataType.FLOAT).muli(std);
    }

    private SDVariable p(String name) {
        SDVariable v = sd.getVariable(name);
        if (v == null) {
            throw new IllegalStateException("parameter " + name + " was not created");
        }
        return v;
    }

    private SDVariable pOpt(String name) {
        return sd.hasVariable(name) ? sd.getVariable(name) : null;
    }

    // ---------------------------------------------------------------- wiring

    private SDVariable maskPlaceholder(String name, TrainingMasks.Kind kind, double rate) {
        if (mode != Mode.TRAINING || rate <= 0) {
            return null;
        }
        maskSpecs.put(name, new TrainingMasks.Spec(kind, rate));
        return switch (kind) {
            case LAYER_KEEP -> sd.placeHolder(name, DataType.FLOAT, 1);
            case ATTENTION_PROBS -> sd.placeHolder(name, DataType.FLOAT, -1, config.numAttentionHeads(), -1, -1);
            case HIDDEN -> sd.placeHolder(name, DataType.FLOAT, -1, -1, config.hiddenSize());
            case INTERMEDIATE -> sd.placeHolder(name, DataType.FLOAT, -1, -1, config.intermediateSize());
            case TIME_SPANS -> sd.placeHolder(name, DataType.FLOAT, -1, -1);
            case FEATURE_SPANS -> sd.placeHolder(name, DataType.FLOAT, -1, config.hiddenSize());
        };
    }

    private static SDVariable dropout(SDVariable x, SDVariable mask) {
        return mask == null ? x : x.mul(mask);
    }

    private void wire() {
        HubertConfig c = config;
        SDVariable features = entry == Entry.WAVEFORM ? wireFeatureEncoder() : wireFeatureInput();
        extractFeatures = sd.identity("output.extract_features", features);
        wireTransformer(features);
    }

    /** CONV_FEATURES entry: the CNN's output and its frame mask come in as placeholders. */
    private SDVariable wireFeatureInput() {
        SDVariable features = sd.placeHolder(EXTRACT_FEATURES, DataType.FLOAT, -1, -1,
                config.convDim().get(config.numConvLayers() - 1));
        frameMask = sd.identity("output.frame_mask", sd.placeHolder(FRAME_MASK, DataType.FLOAT, -1, -1));
        return features;
    }

    /** WAVEFORM entry: the CNN feature encoder and the frame mask derived from the sample mask; [B, T, C]. */
    private SDVariable wireFeatureEncoder() {
        HubertConfig c = config;
        SDVariable input = sd.placeHolder(INPUT_VALUES, DataType.FLOAT, -1, -1);
        SDVariable sampleMask = sd.placeHolder(ATTENTION_MASK, DataType.FLOAT, -1, -1);

        // Feature encoder: conv -> (layer norm | group norm on block 0) -> GELU. Layer-norm (large-style) models run
        // channels-last [B, T, C]: im2col + GEMM convolutions, norms over the contiguous axis, and no transpose at the
        // end. Group-norm (base-style) models keep SameDiff's channels-first conv1d [B, C, T].
        boolean channelsLast = "layer".equals(c.featExtractNorm());
        SDVariable h = sd.expandDims(input, channelsLast ? 2 : 1);
        SDVariable lengths = sd.sum(sampleMask, 1);
        for (int i = 0; i < c.numConvLayers(); i++) {
            String pre = "feature_extractor.conv_layers." + i + ".";
            int k = c.convKernel().get(i);
            int s = c.convStride().get(i);
            if (channelsLast) {
                h = GroupedConv1d.applyChannelsLast(h, p(pre + "conv.weight"), pOpt(pre + "conv.bias"), k, s, 1, 0, 0);
                h = LayerNorm.apply(h, p(pre + "layer_norm.weight"), p(pre + "layer_norm.bias"), 1e-5, 2);
            } else {
                h = GroupedConv1d.apply(h, p(pre + "conv.weight"), pOpt(pre + "conv.bias"), k, s, 1, 0, 0);
                if (i == 0) {
                    h = PerChannelGroupNorm.apply(h, p(pre + "layer_norm.weight"), p(pre + "layer_norm.bias"), 1e-5);
                }
            }
            h = ExactGelu.apply(h);
            // [B, C, T_i] as HF; the transpose runs only when this output is asked for
            convOutputs.add(sd.identity("output.conv_layers." + i, channelsLast ? h.permute(0, 2, 1) : h));
            lengths = sd.math.floor(lengths.sub(k).div(s)).add(1.0);
        }
        SDVariable features = channelsLast ? h : h.permute(0, 2, 1); // [B, T, C]

        // Frame mask: positions [1, T] compared with frame lengths [B, 1].
        SDVariable frames = sd.castTo(sd.sizeAt(features, 1), DataType.FLOAT);
        SDVariable positions = sd.range(sd.constant(0f), frames, sd.constant(1f), DataType.FLOAT);
        SDVariable diff = sd.reshape(positions, 1, -1).sub(sd.reshape(lengths, -1, 1));
        frameMask = sd.castTo(sd.lt(diff, 0.0), DataType.FLOAT).rename("output.frame_mask");
        return features;
    }

    /** Feature projection, SpecAugment, positional conv and the transformer layers on [B, T, C] features. */
    private void wireTransformer(SDVariable features) {
        HubertConfig c = config;

        // Feature projection (+ dropout, + SpecAugment when training).
        SDVariable x = features;
        if (c.featProjLayerNorm()) {
            x = LayerNorm.apply(x, p("feature_projection.layer_norm.weight"), p("feature_projection.layer_norm.bias"),
                    c.layerNormEps(), 2);
        }
        x = Linear.apply(x, p("feature_projection.projection.weight"), p("feature_projection.projection.bias"));
        featureProjection = sd.identity("output.feature_projection", x);
        x = dropout(x, maskPlaceholder(TrainingMasks.FEAT_PROJ_DROPOUT, TrainingMasks.Kind.HIDDEN, c.featProjDropout()));
        if (c.applySpecAugment()) {
            SDVariable time = maskPlaceholder(TrainingMasks.SPEC_TIME, TrainingMasks.Kind.TIME_SPANS, c.maskTimeProb());
            if (time != null) {
                SDVariable m = sd.expandDims(time, 2);
                x = x.mul(m.rsub(1.0)).add(m.mul(p("masked_spec_embed")));
            }
            SDVariable feat = maskPlaceholder(TrainingMasks.SPEC_FEATURE, TrainingMasks.Kind.FEATURE_SPANS,
                    c.maskFeatureProb());
            if (feat != null) {
                x = x.mul(sd.expandDims(feat, 1).rsub(1.0));
            }
        }

        // Encoder: zero padded frames, add the positional conv, then the transformer layers.
        x = x.mul(sd.expandDims(frameMask, 2));
        x = x.add(positionalConv(x));
        if (!c.doStableLayerNorm()) {
            x = LayerNorm.apply(x, p("encoder.layer_norm.weight"), p("encoder.layer_norm.bias"), c.layerNormEps(), 2);
        }
        x = dropout(x, maskPlaceholder(TrainingMasks.ENCODER_DROPOUT, TrainingMasks.Kind.HIDDEN, c.hiddenDropout()));
        SDVariable keyMask = sd.expandDims(sd.expandDims(frameMask.sub(1.0).mul(KEY_MASK_NEGATIVE), 1), 1);
        // The layers run on flat rows [B*T, H]: projections are then plain GEMMs without reshapes, and the two
        // run-time shape vectors below are built once instead of three shape ops per projection.
        int h = c.hiddenSize();
        SDVariable frameShape = DynamicShapes.leadingShape(x, 2, h);
        SDVariable headsShape = DynamicShapes.leadingShape(x, 2, c.numAttentionHeads(),
                h / c.numAttentionHeads());
        SDVariable rows = sd.reshape(x, -1, h);
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            // [B, T, H] outputs; the reshape runs only when the output is asked for
            hiddenStates.add(sd.identity("output.hidden_states." + l, l == 0 ? x : sd.reshape(rows, frameShape)));
            SDVariable out = layer(l, rows, keyMask, headsShape);
            SDVariable keep = maskPlaceholder(TrainingMasks.layerKeep(l), TrainingMasks.Kind.LAYER_KEEP, c.layerdrop());
            rows = keep == null ? out : rows.add(out.sub(rows).mul(keep));
        }
        if (c.doStableLayerNorm()) {
            rows = LayerNorm.applyRows(rows, p("encoder.layer_norm.weight"), p("encoder.layer_norm.bias"),
                    c.layerNormEps());
        }
        lastHiddenState = sd.identity("output.last_hidden_state", sd.reshape(rows, frameShape));
        hiddenStates.add(lastHiddenState);
    }

    /** A [B, T, width] dropout mask applied to flat rows [B*T, width]. */
    private SDVariable dropoutRows(SDVariable rows, SDVariable mask, long width) {
        return mask == null ? rows : rows.mul(sd.reshape(mask, -1, width));
    }

    /** Grouped conv with weight norm folded in the graph, "same" padding minus one frame for even kernels, GELU. */
    private SDVariable positionalConv(SDVariable x) {
        HubertConfig c = config;
        SDVariable g = p("encoder.pos_conv_embed.conv.weight_g");
        SDVariable v = p("encoder.pos_conv_embed.conv.weight_v");
        long[] vs = v.getShape(); // [H, H/groups, K]
        // ||v|| per kernel tap over dims 0 and 1, as a GEMV with ones: SameDiff's sum over the two leading (strided)
        // axes took ~30x longer than this on hubert-large's [1024, 64, 128]
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, 1, vs[0] * vs[1]));
        SDVariable squares = sd.reshape(v.mul(v), vs[0] * vs[1], vs[2]);
        SDVariable norm = sd.reshape(sd.math.sqrt(sd.mmul(ones, squares)), 1, 1, vs[2]); // [1, 1, K]
        SDVariable w = v.mul(g.div(norm));
        int k = c.numConvPosEmbeddings();
        int padLeft = k / 2;
        int padRight = k % 2 == 0 ? k / 2 - 1 : k / 2; // HF pads k/2 both sides, then drops the last frame if k is even
        // SameDiff's conv1d per group, channels-first: the im2col form (GroupedConv1d.applyChannelsLast) was measured
        // slower here (stacking 128 taps with a stride-128 write pattern costs more than the 16 small convolutions)
        SDVariable y = GroupedConv1d.apply(x.permute(0, 2, 1), w, p("encoder.pos_conv_embed.conv.bias"), k, 1,
                c.numConvPosEmbeddingGroups(), padLeft, padRight);
        return ExactGelu.apply(y).permute(0, 2, 1);
    }

    /** One transformer layer on flat rows [B*T, H]. */
    private SDVariable layer(int l, SDVariable x, SDVariable keyMask, SDVariable headsShape) {
        HubertConfig c = config;
        String pre = "encoder.layers." + l + ".";
        String a = pre + "attention.";
        MultiHeadSelfAttention.Weights w = new MultiHeadSelfAttention.Weights(
                p(a + "q_proj.weight"), p(a + "q_proj.bias"), p(a + "k_proj.weight"), p(a + "k_proj.bias"),
                p(a + "v_proj.weight"), p(a + "v_proj.bias"), p(a + "out_proj.weight"), p(a + "out_proj.bias"));
        SDVariable probsDrop = maskPlaceholder(TrainingMasks.attentionDropout(l), TrainingMasks.Kind.ATTENTION_PROBS,
                c.attentionDropout());
        SDVariable attnOutDrop = maskPlaceholder(TrainingMasks.attentionOutputDropout(l), TrainingMasks.Kind.HIDDEN,
                c.hiddenDropout());
        SDVariable ln1g = p(pre + "layer_norm.weight");
        SDVariable ln1b = p(pre + "layer_norm.bias");
        SDVariable ln2g = p(pre + "final_layer_norm.weight");
        SDVariable ln2b = p(pre + "final_layer_norm.bias");
        double eps = c.layerNormEps();
        int h = c.hiddenSize();
        if (c.doStableLayerNorm()) {
            MultiHeadSelfAttention.Result r = MultiHeadSelfAttention.applyRows(LayerNorm.applyRows(x, ln1g, ln1b, eps),
                    headsShape, w, c.numAttentionHeads(), h, keyMask, probsDrop);
            attentions.add(r.probabilities());
            SDVariable y = x.add(dropoutRows(r.output(), attnOutDrop, h));
            return y.add(feedForward(l, LayerNorm.applyRows(y, ln2g, ln2b, eps)));
        }
        MultiHeadSelfAttention.Result r = MultiHeadSelfAttention.applyRows(x, headsShape, w, c.numAttentionHeads(), h,
                keyMask, probsDrop);
        attentions.add(r.probabilities());
        SDVariable y = LayerNorm.applyRows(x.add(dropoutRows(r.output(), attnOutDrop, h)), ln1g, ln1b, eps);
        return LayerNorm.applyRows(y.add(feedForward(l, y)), ln2g, ln2b, eps);
    }

    /** The feed-forward block on flat rows [B*T, H]. */
    private SDVariable feedForward(int l, SDVariable x) {
        String pre = "encoder.layers." + l + ".feed_forward.";
        SDVariable y = ExactGelu.apply(Linear.applyRows(x, p(pre + "intermediate_dense.weight"),
                p(pre + "intermediate_dense.bias")));
        y = dropoutRows(y, maskPlaceholder(TrainingMasks.activationDropout(l), TrainingMasks.Kind.INTERMEDIATE,
                config.activationDropout()), config.intermediateSize());
        y = Linear.applyRows(y, p(pre + "output_dense.weight"), p(pre + "output_dense.bias"));
        return dropoutRows(y, maskPlaceholder(TrainingMasks.outputDropout(l), TrainingMasks.Kind.HIDDEN,
                config.hiddenDropout()), config.hiddenSize());
    }

    // ---------------------------------------------------------------- accessors

    public SameDiff sameDiff() {
        return sd;
    }

    public HubertConfig config() {
        return config;
    }

    public Mode mode() {
        return mode;
    }

    /** {@code num_hidden_layers + 1} tensors [B, T, H] in HF {@code output_hidden_states} order. */
    public List<SDVariable> hiddenStates() {
        return Collections.unmodifiableList(hiddenStates);
    }

    /** [B, T, H]; equal to the last entry of {@link #hiddenStates()}. */
    public SDVariable lastHiddenState() {
        return lastHiddenState;
    }

    /** [B, T] float, 1 for frames computed from valid samples. */
    public SDVariable frameMask() {
        return frameMask;
    }

    /** Output of each conv block (after its norm and GELU), [B, C, T_i]. */
    public List<SDVariable> convLayerOutputs() {
        return Collections.unmodifiableList(convOutputs);
    }

    /** CNN output transposed to [B, T, C] (HF {@code extract_features}). */
    public SDVariable extractFeatures() {
        return extractFeatures;
    }

    /** Linear(LayerNorm(extract_features)) [B, T, H], before dropout, SpecAugment and padding zeroing. */
    public SDVariable featureProjection() {
        return featureProjection;
    }

    /** Attention probabilities [B, heads, T, T] of each layer (before attention dropout). */
    public List<SDVariable> attentions() {
        return Collections.unmodifiableList(attentions);
    }

    /** The conv feature encoder's parameters (freeze these to keep the CNN fixed). */
    public List<SDVariable> featureEncoderVariables() {
        return Collections.unmodifiableList(featureEncoderVariables);
    }

    /**
     * Every encoder parameter that takes part in the computation of this mode ({@code masked_spec_embed} only when
     * TRAINING applies time masking; it is unused otherwise and has no gradient).
     */
    public List<SDVariable> trainableVariables() {
        List<SDVariable> out = new ArrayList<>();
        for (SDVariable v : allVariables) {
            if (!v.name().equals("masked_spec_embed") || maskSpecs.containsKey(TrainingMasks.SPEC_TIME)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Every encoder parameter, in HF state-dict order. */
    public List<SDVariable> parameters() {
        return Collections.unmodifiableList(allVariables);
    }

    /** Names of the mask placeholders a TRAINING graph needs (empty for INFERENCE or zero rates). */
    public List<String> trainingMaskNames() {
        return List.copyOf(maskSpecs.keySet());
    }

    /**
     * One step's worth of dropout / LayerDrop / SpecAugment masks for every mask placeholder of this graph.
     *
     * @param batch         B
     * @param samples       S (padded length of {@value #INPUT_VALUES})
     * @param sampleLengths valid samples per item (SpecAugment spans stay inside the valid frames)
     * @param rng           the caller's seeded generator (exact resume = same seed and call sequence)
     */
    /**
     * One set of training masks. Lengths are in the units of the graph's input: samples for {@link Entry#WAVEFORM},
     * frames for {@link Entry#CONV_FEATURES}.
     */
    public Map<String, INDArray> trainingMasks(int batch, int length, int[] lengths, java.util.Random rng) {
        return entry == Entry.WAVEFORM ? TrainingMasks.generate(config, maskSpecs, batch, length, lengths, rng)
                : TrainingMasks.generateForFrames(config, maskSpecs, batch, length, lengths, rng);
    }

    public Entry entry() {
        return entry;
    }

    /** The input placeholder: {@value #INPUT_VALUES} or {@value #EXTRACT_FEATURES}. */
    public String inputName() {
        return entry == Entry.WAVEFORM ? INPUT_VALUES : EXTRACT_FEATURES;
    }

    /** The input's mask placeholder: {@value #ATTENTION_MASK} or {@value #FRAME_MASK}. */
    public String maskName() {
        return entry == Entry.WAVEFORM ? ATTENTION_MASK : FRAME_MASK;
    }

    /** Convenience: the two input placeholders for an unpadded batch of equal-length waveforms [B, S]. */
    public static Map<String, INDArray> inputs(INDArray inputValues, INDArray attentionMask) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(INPUT_VALUES, inputValues.castTo(DataType.FLOAT));
        m.put(ATTENTION_MASK, attentionMask == null ? Nd4j.ones(DataType.FLOAT, inputValues.shape())
                : attentionMask.castTo(DataType.FLOAT));
        return m;
    }

    /** Names of {@link #hiddenStates()} for {@code sd.output(...)}. */
    public List<String> hiddenStateNames() {
        List<String> names = new ArrayList<>();
        for (SDVariable v : hiddenStates) {
            names.add(v.name());
        }
        return names;
    }
}
