package org.ser4j.nn.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.BadInputException;

/**
 * The emotion model on top of a speech encoder, described once (as HF's {@code ...ForSequenceClassification} puts
 * its projector and classifier over the encoder): the encoder's hidden states, optionally weighted
 * ({@link LayerWeighting}), are pooled over the valid frames ({@link UtterancePooling}) into {@value #POOLED}, then
 * optionally standardised ({@link PooledStandardization}), and read by the emotion head ({@value #EMOTION_LOGITS})
 * and, when the model has one, the domain head ({@value #DOMAIN_LOGITS}).
 *
 * <p>{@link #blocks()} lists those blocks in graph order with their parameters (names and shapes) and output names.
 * Every graph of the model is built from this list: the training graph and the SameDiff inference graph through
 * {@link #build}, the ONNX export through its own op-by-op translation of the same blocks. Training adds its losses
 * and the gradient reversal through {@link TrainingHooks}.
 *
 * @param hiddenSize   width H of the encoder's hidden states
 * @param hiddenStates how many hidden states the encoder gives (layers + 1), the length of the layer weights
 * @param layerWeights pool a learned softmax-weighted sum of the hidden states instead of the last one
 * @param pooling      frames to utterance vector
 * @param standardized standardise the pooled vector before the heads
 * @param headWidth    projection width of both heads
 * @param emotions     emotion classes
 * @param domains      domain classes; 0 for a model without a domain head
 */
public record EmotionModelHeads(int hiddenSize, int hiddenStates, boolean layerWeights, UtterancePooling pooling,
                                boolean standardized, int headWidth, int emotions, int domains) {
    /** The utterance vector, [B, pooledWidth]. */
    public static final String POOLED = "pooled_embedding";
    /** [B, emotions]. */
    public static final String EMOTION_LOGITS = "emotion_logits";
    /** [B, domains]. */
    public static final String DOMAIN_LOGITS = "domain_logits";
    /** Mixed into the model seed for the domain head, so that the two heads start from different weights. */
    public static final long DOMAIN_SEED_MIX = 0x5DEECE66DL;

    /** What a block computes. */
    public enum Kind {
        /** Softmax over the raw weights, then the weighted sum of the hidden states; reads every hidden state. */
        LAYER_WEIGHTING,
        /** Masked mean (or mean and standard deviation) over the valid frames; reads the weighted or last state. */
        POOLING,
        /** {@code (x - mean) / std} per dimension; reads the pooled vector. */
        STANDARDIZATION,
        /** Linear, ReLU, linear; reads the (standardised) pooled vector. */
        EMOTION_HEAD,
        /** As the emotion head, on the same input (through gradient reversal in DANN training). */
        DOMAIN_HEAD
    }

    /** A parameter tensor by name; linear weights in PyTorch's [out, in] layout. */
    public record Parameter(String name, long... shape) {
        public Parameter {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parameter p && p.name.equals(name) && Arrays.equals(p.shape, shape);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    /**
     * One block of the model.
     *
     * @param output the graph output it names, or null when its result is internal
     */
    public record Block(Kind kind, List<Parameter> parameters, String output) {
        public Block {
            parameters = List.copyOf(parameters);
        }
    }

    public EmotionModelHeads {
        if (pooling == null) {
            throw new IllegalArgumentException("pooling is required");
        }
        if (hiddenSize < 1 || hiddenStates < 1 || headWidth < 1 || emotions < 2 || domains < 0 || domains == 1) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + ", hidden states " + hiddenStates
                    + ", head width " + headWidth + ", emotions " + emotions + ", domains " + domains
                    + " (need >= 1, >= 1, >= 1, >= 2, 0 or >= 2)");
        }
    }

    /**
     * The blocks a model's tensors hold, read off their names and shapes: the layer weights and the statistics when
     * present, the heads' widths and classes, the pooling from the emotion head's input width. Bad input naming
     * {@code where} when there is no emotion head or a width fits no pooling.
     *
     * @param hiddenStates how many hidden states the encoder gives (layers + 1)
     */
    public static EmotionModelHeads ofTensors(Map<String, INDArray> tensors, int hiddenSize, int hiddenStates,
                                              String where) {
        INDArray projection = tensors.get(EmotionHead.PREFIX + ".projection.weight");
        INDArray classifier = tensors.get(EmotionHead.PREFIX + ".classifier.weight");
        if (projection == null || classifier == null) {
            throw new BadInputException(where + ": no emotion head (" + EmotionHead.PREFIX + ".projection.weight and "
                    + EmotionHead.PREFIX + ".classifier.weight)");
        }
        INDArray domain = tensors.get(DomainHead.PREFIX + ".classifier.weight");
        UtterancePooling pooling = UtterancePooling.ofHeadInput(projection.size(1), hiddenSize,
                where + ": " + EmotionHead.PREFIX + ".projection.weight");
        try {
            return new EmotionModelHeads(hiddenSize, hiddenStates, tensors.containsKey(LayerWeighting.WEIGHTS),
                    pooling, tensors.containsKey(PooledStandardization.MEAN), (int) projection.size(0),
                    (int) classifier.size(0), domain == null ? 0 : (int) domain.size(0));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + e.getMessage(), e);
        }
    }

    public boolean hasDomainHead() {
        return domains > 0;
    }

    /** Width of the pooled vector and of the heads' input. */
    public int pooledWidth() {
        return pooling.width(hiddenSize);
    }

    /** The blocks in graph order. */
    public List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        if (layerWeights) {
            out.add(new Block(Kind.LAYER_WEIGHTING, List.of(new Parameter(LayerWeighting.WEIGHTS, hiddenStates)),
                    null));
        }
        out.add(new Block(Kind.POOLING, List.of(), POOLED));
        int w = pooledWidth();
        if (standardized) {
            out.add(new Block(Kind.STANDARDIZATION, List.of(new Parameter(PooledStandardization.MEAN, w),
                    new Parameter(PooledStandardization.STD, w)), null));
        }
        out.add(new Block(Kind.EMOTION_HEAD, classifier(EmotionHead.PREFIX, w, emotions), EMOTION_LOGITS));
        if (hasDomainHead()) {
            out.add(new Block(Kind.DOMAIN_HEAD, classifier(DomainHead.PREFIX, w, domains), DOMAIN_LOGITS));
        }
        return out;
    }

    private List<Parameter> classifier(String prefix, int in, int classes) {
        return List.of(new Parameter(prefix + ".projection.weight", headWidth, in),
                new Parameter(prefix + ".projection.bias", headWidth),
                new Parameter(prefix + ".classifier.weight", classes, headWidth),
                new Parameter(prefix + ".classifier.bias", classes));
    }

    /** The named outputs, in graph order. */
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (Block b : blocks()) {
            if (b.output() != null) {
                out.add(b.output());
            }
        }
        return out;
    }

    /** Every parameter, in graph order. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Block b : blocks()) {
            out.addAll(b.parameters());
        }
        return out;
    }

    /** Names of the parameters of the blocks of the given kinds, in graph order. */
    public List<String> parameterNames(Kind... kinds) {
        List<Kind> wanted = List.of(kinds);
        List<String> out = new ArrayList<>();
        for (Block b : blocks()) {
            if (wanted.contains(b.kind())) {
                b.parameters().forEach(p -> out.add(p.name()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- SameDiff

    /**
     * What training adds to the blocks while they are built (inference uses {@link #NONE}). The calls come in graph
     * order, so that a training graph is built op for op in the same order every time.
     */
    public interface TrainingHooks {
        /** Standardise with the batch's own statistics inside a training step ({@link PooledStandardization}). */
        default boolean batchStatistics() {
            return false;
        }

        /** Called once the emotion logits exist, before the domain head is built (the emotion loss goes here). */
        default void emotionLogits(SameDiff sd, SDVariable logits) {
        }

        /** The domain head's input made from the heads' input (gradient reversal goes here). */
        default SDVariable domainInput(SameDiff sd, SDVariable headInput) {
            return headInput;
        }

        /** Called once the domain logits exist. */
        default void domainLogits(SameDiff sd, SDVariable logits) {
        }
    }

    /** No training additions: the inference graph. */
    public static final TrainingHooks NONE = new TrainingHooks() {};

    /**
     * The variables of a built graph.
     *
     * @param pooled       the {@value #POOLED} output, or the given input of {@link #buildOnPooled}
     * @param headInput    what the heads read: the pooled vector, standardised when the model standardises it
     * @param domainLogits null without a domain head
     */
    public record Graph(SDVariable pooled, SDVariable headInput, SDVariable emotionLogits, SDVariable domainLogits) {}

    /**
     * Adds every block to {@code sd} on top of an encoder already there.
     *
     * @param hiddenStates the encoder's hidden states [B, T, H], the last one last
     * @param frameMask    [B, T], 1 for valid frames
     * @param seed         initialisation seed of the emotion head (the domain head's is derived from it)
     */
    public Graph build(SameDiff sd, List<SDVariable> hiddenStates, SDVariable frameMask, long seed,
                       TrainingHooks hooks) {
        if (layerWeights && hiddenStates.size() != this.hiddenStates) {
            throw new IllegalArgumentException("layer weighting over " + this.hiddenStates + " hidden states, the"
                    + " encoder gives " + hiddenStates.size());
        }
        return wire(sd, hiddenStates, frameMask, null, seed, hooks);
    }

    /** Adds the blocks after pooling to {@code sd}, on a pooled vector [B, pooledWidth] already there. */
    public Graph buildOnPooled(SameDiff sd, SDVariable pooled, long seed, TrainingHooks hooks) {
        return wire(sd, null, null, pooled, seed, hooks);
    }

    private Graph wire(SameDiff sd, List<SDVariable> hiddenStates, SDVariable frameMask, SDVariable pooledInput,
                       long seed, TrainingHooks hooks) {
        int w = pooledWidth();
        SDVariable hidden = hiddenStates == null ? null : hiddenStates.get(hiddenStates.size() - 1);
        SDVariable pooled = pooledInput;
        SDVariable headInput = pooledInput;
        SDVariable emotion = null;
        SDVariable domain = null;
        for (Block b : blocks()) {
            switch (b.kind()) {
                case LAYER_WEIGHTING -> {
                    if (pooledInput == null) {
                        hidden = LayerWeighting.weightedSum(sd, hiddenStates);
                    }
                }
                case POOLING -> {
                    if (pooledInput == null) {
                        pooled = sd.identity(POOLED, pooling.pool(hidden, frameMask));
                        headInput = pooled;
                    }
                }
                case STANDARDIZATION -> headInput = hooks.batchStatistics()
                        ? PooledStandardization.applyWithBatchStatistics(sd, pooled, w)
                        : PooledStandardization.apply(sd, pooled, w);
                case EMOTION_HEAD -> {
                    ClassifierHead ec = EmotionHead.build(sd, headInput, w, headWidth, emotions, seed);
                    emotion = sd.identity(EMOTION_LOGITS, ec.logits());
                    hooks.emotionLogits(sd, emotion);
                }
                case DOMAIN_HEAD -> {
                    ClassifierHead dc = DomainHead.build(sd, hooks.domainInput(sd, headInput), w, headWidth, domains,
                            seed ^ DOMAIN_SEED_MIX);
                    domain = sd.identity(DOMAIN_LOGITS, dc.logits());
                    hooks.domainLogits(sd, domain);
                }
            }
        }
        return new Graph(pooled, headInput, emotion, domain);
    }
}
