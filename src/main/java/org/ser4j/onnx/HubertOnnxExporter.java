package org.ser4j.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.heads.EmotionModelHeads;
import org.ser4j.nn.heads.MaskedStatisticsPooling;
import org.ser4j.nn.heads.UtterancePooling;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.ModelDirectory;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import static org.ser4j.onnx.OnnxGraphBuilder.Attr;
import static org.ser4j.onnx.OnnxGraphBuilder.in;

/**
 * Writes a ser4j model directory as an ONNX model (opset {@value #OPSET}) of the inference graph, from ser4j's own
 * config.json and weights; see {@link OnnxNames} for the interface. The graph mirrors {@code HubertGraph} in
 * INFERENCE mode op for op, in the forms ONNX Runtime's optimiser recognises:
 * <ul>
 * <li>LayerNormalization (opset 17) with the config's epsilon (1e-5 in the conv blocks, as HF hard-codes there);</li>
 * <li>exact GELU as {@code x * 0.5 * (1 + Erf(x / sqrt 2))} (Div, Erf, Add, Mul, Mul: ORT's Gelu fusion pattern);</li>
 * <li>linears as MatMul + Add with pre-transposed [in, out] weights;</li>
 * <li>attention as MatMul / Add(mask) / Softmax / MatMul over [B, heads, T, d] with an additive key mask of
 *     {@code (1 - mask) * float32.min}, as HF does;</li>
 * <li>the positional conv as one Conv with {@code group}, its weight norm folded at export
 *     ({@code w = g v / ||v||}, norm over dims 0 and 1 per tap, in double precision), asymmetric pads replacing HF's
 *     drop-the-last-frame for even kernels;</li>
 * <li>conv block norms: LayerNormalization over channels (layer-norm models), InstanceNormalization on block 0
 *     (group-norm models: GroupNorm with one group per channel is exactly per-channel instance norm);</li>
 * <li>the heads: the blocks of {@link EmotionModelHeads} in their order, each parameter an initializer under its own
 *     name, the heads' linears as Gemm over the [out, in] weights.</li>
 * </ul>
 * Frame lengths follow HF's {@code _get_feature_vector_attention_mask}: {@code floor((L - k) / s) + 1} per conv layer,
 * computed in float64 so sample counts stay exact; padded frames are zeroed before the positional conv.
 *
 * <p>Initializers above {@link Options#externalDataThreshold()} bytes in total go to ONNX external data (see
 * {@link OnnxModelWriter}); protobuf cannot serialise a message over 2 GiB.
 */
public final class HubertOnnxExporter {
    public static final int OPSET = 17;
    /** IR version 8 = ONNX 1.12/1.13, the first release with opset 17. */
    public static final int IR_VERSION = 8;
    /** HF's {@code torch.finfo(torch.float32).min}, added to the scores of padded keys. */
    static final float KEY_MASK_MIN = -Float.MAX_VALUE;
    /** Conv blocks use nn.LayerNorm / nn.GroupNorm defaults in HF, not config.layer_norm_eps. */
    static final float CONV_NORM_EPS = 1e-5f;

    /**
     * @param hiddenStates          also output every hidden state, stacked [layers + 1, batch, frames, hidden]
     * @param externalDataThreshold total initializer bytes above which weights go to external data
     */
    public record Options(boolean hiddenStates, long externalDataThreshold) {
        /** Protobuf's hard limit is 2 GiB per message; keep headroom for the graph itself. */
        public static final long DEFAULT_EXTERNAL_THRESHOLD = 2_000_000_000L;

        public static Options defaults() {
            return new Options(false, DEFAULT_EXTERNAL_THRESHOLD);
        }

        public Options withHiddenStates(boolean on) {
            return new Options(on, externalDataThreshold);
        }

        public Options withExternalDataThreshold(long bytes) {
            return new Options(hiddenStates, bytes);
        }
    }

    private final OnnxGraphBuilder g = new OnnxGraphBuilder("ser4j_hubert");
    private final HubertConfig c;
    private final Map<String, INDArray> t;
    private final ModelHeads heads;
    private final Path source;

    private HubertOnnxExporter(ModelDirectory md, ModelHeads heads) {
        this.source = md.source();
        this.c = md.config();
        this.t = md.tensors();
        this.heads = heads;
    }

    /** Builds the ONNX model of {@code md} (heads included when it has them) and writes it to {@code out}. */
    public static OnnxModelWriter.Result export(ModelDirectory md, Path out, Options options) throws IOException {
        return OnnxModelWriter.write(build(md, options), out, options.externalDataThreshold());
    }

    /** The ONNX model of {@code md}, in memory. */
    public static ModelProto build(ModelDirectory md, Options options) {
        ModelHeads heads = ModelHeads.of(md);
        HubertOnnxExporter e = new HubertOnnxExporter(md, heads);
        e.wire(options);
        List<String> nonFinite = e.g.nonFiniteInitializers();
        if (!nonFinite.isEmpty()) {
            // finite weights can still fold into non-finite ones (a weight-norm tap whose weight_v is all zero)
            throw new BadInputException(md.source() + ": the ONNX model would hold non-finite weights (NaN or"
                    + " infinity) in " + nonFinite.size() + " initializer(s): " + String.join(", ", nonFinite)
                    + "; nothing is written");
        }
        ObjectMapper json = new ObjectMapper();
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("ser4j")
                .setProducerVersion("1").setDomain("org.ser4j")
                .setDocString("HuBERT encoder" + (heads.any() ? " + emotion/domain heads" : "")
                        + " exported by ser4j from " + md.source())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(e.g.proto());
        try {
            meta(m, OnnxNames.META_EMOTION_LABELS, json.writeValueAsString(heads.emotionLabels()));
            meta(m, OnnxNames.META_DOMAIN_LABELS, json.writeValueAsString(heads.domainLabels()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        meta(m, OnnxNames.META_DO_NORMALIZE, Boolean.toString(md.doNormalize()));
        meta(m, OnnxNames.META_SAMPLE_RATE, Integer.toString(md.sampleRate()));
        return m.build();
    }

    private static void meta(ModelProto.Builder m, String key, String value) {
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    // ---------------------------------------------------------------- weights

    private INDArray tensor(String name) {
        INDArray a = t.get(name);
        if (a == null) {
            throw new BadInputException("model weights: tensor " + name + " is missing");
        }
        return a;
    }

    /** The tensor as an initializer under its own (HF) name. */
    private String weight(String name) {
        if (g.proto().getInitializerList().stream().noneMatch(i -> i.getName().equals(name))) {
            g.initializer(name, tensor(name));
        }
        return name;
    }

    /** A PyTorch [out, in] linear weight, transposed to [in, out] for MatMul(x, W). */
    private String weightTransposed(String name) {
        INDArray w = tensor(name);
        if (w.rank() != 2) {
            throw new BadInputException("model weights: " + name + " must be 2-D [out, in], got rank " + w.rank());
        }
        return g.initializer(name + ".T", w.transpose());
    }

    // ---------------------------------------------------------------- building blocks

    private String gelu(String x) {
        String d = g.op("Div", in(x, g.scalar((float) Math.sqrt(2.0))));
        String e = g.op("Erf", in(d));
        String a = g.op("Add", in(e, g.scalar(1f)));
        String m = g.op("Mul", in(x, a));
        return g.op("Mul", in(m, g.scalar(0.5f)));
    }

    private String layerNorm(String x, String prefix, float eps) {
        return g.op("LayerNormalization", in(x, weight(prefix + ".weight"), weight(prefix + ".bias")),
                Attr.i("axis", -1), Attr.f("epsilon", eps));
    }

    private String linear(String x, String prefix) {
        String y = g.op("MatMul", in(x, weightTransposed(prefix + ".weight")));
        return g.op("Add", in(y, weight(prefix + ".bias")));
    }

    private String transpose(String x, long... perm) {
        return g.op("Transpose", in(x), Attr.ints("perm", perm));
    }

    private String unsqueeze(String x, long... axes) {
        return g.op("Unsqueeze", in(x, g.ints(axes)));
    }

    private String cast(String x, int to) {
        return g.op("Cast", in(x), Attr.i("to", to));
    }

    // ---------------------------------------------------------------- graph

    private void wire(Options options) {
        int f32 = TensorProto.DataType.FLOAT_VALUE;
        int i64 = TensorProto.DataType.INT64_VALUE;
        int f64 = TensorProto.DataType.DOUBLE_VALUE;
        g.input(OnnxNames.INPUT_VALUES, f32, "batch", "samples");
        g.input(OnnxNames.ATTENTION_MASK, i64, "batch", "samples");
        boolean layerNormConvs = "layer".equals(c.featExtractNorm());

        // Conv feature encoder, channels-first [B, C, T]; layer-norm blocks normalise over C in [B, T, C].
        String h = unsqueeze(OnnxNames.INPUT_VALUES, 1);
        String features = null;
        int n = c.numConvLayers();
        for (int i = 0; i < n; i++) {
            String pre = "feature_extractor.conv_layers." + i;
            long k = c.convKernel().get(i);
            long s = c.convStride().get(i);
            String[] convIn = c.convBias() ? in(h, weight(pre + ".conv.weight"), weight(pre + ".conv.bias"))
                    : in(h, weight(pre + ".conv.weight"));
            h = g.op("Conv", convIn, Attr.ints("kernel_shape", k), Attr.ints("strides", s));
            if (layerNormConvs) {
                String tc = gelu(layerNorm(transpose(h, 0, 2, 1), pre + ".layer_norm", CONV_NORM_EPS));
                if (i == n - 1) {
                    features = tc;
                } else {
                    h = transpose(tc, 0, 2, 1);
                }
            } else {
                if (i == 0) {
                    h = g.op("InstanceNormalization", in(h, weight(pre + ".layer_norm.weight"),
                            weight(pre + ".layer_norm.bias")), Attr.f("epsilon", CONV_NORM_EPS));
                }
                h = gelu(h);
                if (i == n - 1) {
                    features = transpose(h, 0, 2, 1);
                }
            }
        }

        // Frame mask from sample lengths, exact in float64: floor((L - k) / s) + 1 per conv layer.
        String lengths = cast(g.op("ReduceSum", in(OnnxNames.ATTENTION_MASK, g.ints(1)), Attr.i("keepdims", 0)), f64);
        for (int i = 0; i < n; i++) {
            String d = g.op("Sub", in(lengths, g.scalarDouble(c.convKernel().get(i))));
            String q = g.op("Floor", in(g.op("Div", in(d, g.scalarDouble(c.convStride().get(i))))));
            lengths = g.op("Add", in(q, g.scalarDouble(1.0)));
        }
        String frames = g.op("Gather", in(g.op("Shape", in(features)), g.intScalar(1)), Attr.i("axis", 0));
        String positions = cast(g.op("Range", in(g.intScalar(0), frames, g.intScalar(1))), f64);
        String valid = g.op("Less", in(unsqueeze(positions, 0), unsqueeze(lengths, 1)));
        String frameMask = cast(valid, f32);
        g.opNamed("Cast", OnnxNames.FRAME_MASK, in(valid), Attr.i("to", i64));

        // Feature projection, padded frames zeroed, positional conv.
        String x = features;
        if (c.featProjLayerNorm()) {
            x = g.op("LayerNormalization", in(x, weight("feature_projection.layer_norm.weight"),
                    weight("feature_projection.layer_norm.bias")), Attr.i("axis", -1),
                    Attr.f("epsilon", (float) c.layerNormEps()));
        }
        x = linear(x, "feature_projection.projection");
        String mask3 = unsqueeze(frameMask, 2);
        x = g.op("Mul", in(x, mask3));
        x = stream(g.op("Add", in(stream(x), stream(positionalConv(x)))));
        float eps = (float) c.layerNormEps();
        if (!c.doStableLayerNorm()) {
            x = layerNorm(x, "encoder.layer_norm", eps);
        }
        String keyMask = unsqueeze(g.op("Mul", in(g.op("Sub", in(g.scalar(1f), frameMask)), g.scalar(KEY_MASK_MIN))),
                1, 2); // [B, 1, 1, T]
        List<String> hidden = new ArrayList<>();
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            hidden.add(x);
            x = layer(l, x, keyMask, eps);
        }
        if (c.doStableLayerNorm()) {
            x = layerNorm(x, "encoder.layer_norm", eps);
        }
        String last = g.opNamed("Identity", OnnxNames.LAST_HIDDEN_STATE, in(x));
        hidden.add(last);

        long hs = c.hiddenSize();
        g.output(OnnxNames.LAST_HIDDEN_STATE, f32, "batch", "frames", hs);
        g.output(OnnxNames.FRAME_MASK, i64, "batch", "frames");
        if (options.hiddenStates()) {
            String[] parts = hidden.stream().map(v -> unsqueeze(v, 0)).toArray(String[]::new);
            g.opNamed("Concat", OnnxNames.HIDDEN_STATES, parts, Attr.i("axis", 0));
            g.output(OnnxNames.HIDDEN_STATES, f32, (long) hidden.size(), "batch", "frames", hs);
        }
        if (heads.any()) {
            wireHeads(hidden, last, frameMask, mask3);
        }
    }

    /** Grouped conv (weight norm folded), "same" padding minus one frame for even kernels, GELU; [B, T, H] in/out. */
    private String positionalConv(String x) {
        String pre = "encoder.pos_conv_embed.conv.";
        INDArray v = tensor(pre + "weight_v").castTo(DataType.DOUBLE);
        INDArray gain = tensor(pre + "weight_g").castTo(DataType.DOUBLE);
        INDArray norm = org.nd4j.linalg.factory.Nd4j.math().sqrt(v.mul(v).sum(true, 0, 1)); // [1, 1, K]
        INDArray w = v.mul(gain.div(norm));
        String wName = g.initializer(pre + "weight", w);
        int k = c.numConvPosEmbeddings();
        long padLeft = k / 2;
        long padRight = k % 2 == 0 ? k / 2 - 1 : k / 2;
        String y = g.op("Conv", in(transpose(x, 0, 2, 1), wName, weight(pre + "bias")),
                Attr.ints("kernel_shape", k), Attr.i("group", c.numConvPosEmbeddingGroups()),
                Attr.ints("pads", padLeft, padRight));
        return transpose(gelu(y), 0, 2, 1);
    }

    /**
     * One transformer layer. Residual-stream values get [batch, frames, hidden] shape hints: shape inference cannot
     * name the frame count after the conv stack, and ORT fuses Add + LayerNormalization into SkipLayerNormalization
     * only when it can see that both Add operands have the same shape.
     */
    private String layer(int l, String x, String keyMask, float eps) {
        String pre = "encoder.layers." + l + ".";
        if (c.doStableLayerNorm()) {
            String y = g.op("Add", in(x, stream(attention(pre, layerNorm(x, pre + "layer_norm", eps), keyMask))));
            return stream(g.op("Add", in(stream(y), stream(feedForward(pre,
                    layerNorm(y, pre + "final_layer_norm", eps))))));
        }
        String y = layerNorm(g.op("Add", in(x, stream(attention(pre, x, keyMask)))), pre + "layer_norm", eps);
        return stream(layerNorm(g.op("Add", in(stream(y), stream(feedForward(pre, y)))), pre + "final_layer_norm",
                eps));
    }

    private String stream(String value) {
        return g.annotate(value, TensorProto.DataType.FLOAT_VALUE, "batch", "frames", (long) c.hiddenSize());
    }

    private String attention(String pre, String x, String keyMask) {
        long heads = c.numAttentionHeads();
        long d = c.headDim();
        String a = pre + "attention.";
        // HF scales the projected queries (bias included) by d^-0.5 before the product.
        String q = g.op("Mul", in(linear(x, a + "q_proj"), g.scalar((float) Math.pow(d, -0.5))));
        String k = linear(x, a + "k_proj");
        String v = linear(x, a + "v_proj");
        String split = g.ints(0, 0, heads, d);
        String qh = transpose(g.op("Reshape", in(q, split)), 0, 2, 1, 3);
        String kh = transpose(g.op("Reshape", in(k, split)), 0, 2, 3, 1);
        String vh = transpose(g.op("Reshape", in(v, split)), 0, 2, 1, 3);
        String scores = g.op("Add", in(g.op("MatMul", in(qh, kh)), keyMask));
        String probs = g.op("Softmax", in(scores), Attr.i("axis", -1));
        String ctx = transpose(g.op("MatMul", in(probs, vh)), 0, 2, 1, 3);
        ctx = g.op("Reshape", in(ctx, g.ints(0, 0, c.hiddenSize())));
        return linear(ctx, a + "out_proj");
    }

    private String feedForward(String pre, String x) {
        String y = gelu(linear(x, pre + "feed_forward.intermediate_dense"));
        return linear(y, pre + "feed_forward.output_dense");
    }

    /** The blocks of {@link EmotionModelHeads}, one after the other, as ONNX ops on the hidden states. */
    private void wireHeads(List<String> hidden, String last, String frameMask, String mask3) {
        EmotionModelHeads model = EmotionModelHeads.ofTensors(t, c.hiddenSize(), c.numHiddenLayers() + 1,
                String.valueOf(source));
        int f32 = TensorProto.DataType.FLOAT_VALUE;
        String src = last;
        String pooled = null;
        String headInput = null;
        for (EmotionModelHeads.Block b : model.blocks()) {
            List<String> p = new ArrayList<>();
            for (EmotionModelHeads.Parameter param : b.parameters()) {
                p.add(parameter(param));
            }
            switch (b.kind()) {
                case LAYER_WEIGHTING -> {
                    String w = g.op("Softmax", in(p.get(0)), Attr.i("axis", 0));
                    src = null;
                    for (int i = 0; i < hidden.size(); i++) {
                        String wi = g.op("Gather", in(w, g.intScalar(i)), Attr.i("axis", 0));
                        String term = g.op("Mul", in(hidden.get(i), wi));
                        src = src == null ? term : g.op("Add", in(src, term));
                    }
                }
                case POOLING -> {
                    pooled = pool(model.pooling(), src, frameMask, mask3, b.output());
                    g.output(b.output(), f32, "batch", (long) model.pooledWidth());
                    headInput = pooled;
                }
                case STANDARDIZATION -> headInput = g.op("Div", in(g.op("Sub", in(pooled, p.get(0))), p.get(1)));
                case EMOTION_HEAD, DOMAIN_HEAD -> {
                    // Gemm with transB reads the [out, in] weights under their own names
                    String h = g.op("Relu", in(g.op("Gemm", in(headInput, p.get(0), p.get(1)), Attr.i("transB", 1))));
                    String logits = g.op("Gemm", in(h, p.get(2), p.get(3)), Attr.i("transB", 1));
                    g.opNamed("Identity", b.output(), in(logits));
                    g.output(b.output(), f32, "batch", b.parameters().get(3).shape()[0]);
                }
            }
        }
    }

    /** Masked mean, or masked mean and standard deviation ({@link MaskedStatisticsPooling}), named {@code output}. */
    private String pool(UtterancePooling pooling, String src, String frameMask, String mask3, String output) {
        String summed = g.op("ReduceSum", in(g.op("Mul", in(src, mask3)), g.ints(1)), Attr.i("keepdims", 0));
        String count = g.op("ReduceSum", in(frameMask, g.ints(1)), Attr.i("keepdims", 1));
        if (pooling == UtterancePooling.MEAN) {
            return g.opNamed("Div", output, in(summed, count));
        }
        String mean = g.op("Div", in(summed, count));
        String centred = g.op("Mul", in(g.op("Sub", in(src, g.op("Unsqueeze", in(mean, g.ints(1))))), mask3));
        String squares = g.op("ReduceSum", in(g.op("Mul", in(centred, centred)), g.ints(1)), Attr.i("keepdims", 0));
        String std = g.op("Sqrt", in(g.op("Add", in(g.op("Div", in(squares, count)),
                g.scalar((float) MaskedStatisticsPooling.EPS)))));
        return g.opNamed("Concat", output, in(mean, std), Attr.i("axis", 1));
    }

    /** A parameter of the heads as an initializer under its own name, after checking its shape. */
    private String parameter(EmotionModelHeads.Parameter p) {
        INDArray a = tensor(p.name());
        if (!Arrays.equals(a.shape(), p.shape())) {
            throw new BadInputException("model weights: " + p.name() + " has shape " + Arrays.toString(
                    a.shape()) + ", the model's heads need " + Arrays.toString(p.shape()));
        }
        return weight(p.name());
    }
}
