package org.ser4j.nn.heads;

import java.util.Random;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shape shared by the emotion and the domain classifier: a {@code width}-wide projection with ReLU, then a linear
 * layer to the class logits. Variables are {@code <prefix>.projection.weight [width, in]}, {@code .projection.bias},
 * {@code <prefix>.classifier.weight [classes, width]}, {@code .classifier.bias}: PyTorch's {@code nn.Linear} layout,
 * like the encoder's HF tensors, so a model directory holds every weight in one convention. Weights are drawn from a seeded
 * Java generator (Xavier/Glorot uniform, zero biases) so that every trial is reproducible from its seed alone.
 */
public final class ClassifierHead {
    private final String prefix;
    private final SDVariable logits;

    ClassifierHead(String prefix, SDVariable logits) {
        this.prefix = prefix;
        this.logits = logits;
    }

    static ClassifierHead build(SameDiff sd, String prefix, SDVariable pooled, int inputSize, int width, int classes,
                                long seed) {
        if (inputSize < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException(prefix + ": input " + inputSize + ", width " + width + ", classes "
                    + classes + " (need >= 1, >= 1, >= 2)");
        }
        Random rng = new Random(seed);
        DataType dt = pooled.dataType();
        SDVariable w1 = sd.var(prefix + ".projection.weight", glorot(rng, width, inputSize, dt));
        SDVariable b1 = sd.var(prefix + ".projection.bias", Nd4j.zeros(dt, width));
        SDVariable w2 = sd.var(prefix + ".classifier.weight", glorot(rng, classes, width, dt));
        SDVariable b2 = sd.var(prefix + ".classifier.bias", Nd4j.zeros(dt, classes));
        SDVariable hidden = sd.nn.relu(sd.mmul(pooled, w1, false, true, false).add(b1), 0.0);
        SDVariable out = sd.mmul(hidden, w2, false, true, false).add(b2);
        return new ClassifierHead(prefix, out);
    }

    /** [out, in] Glorot-uniform weights. */
    static INDArray glorot(Random rng, int fanOut, int fanIn, DataType dt) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] v = new double[fanIn * fanOut];
        for (int i = 0; i < v.length; i++) {
            v[i] = (rng.nextDouble() * 2 - 1) * limit;
        }
        return Nd4j.createFromArray(v).reshape(fanOut, fanIn).castTo(dt);
    }

    /** [B, classes] logits. */
    public SDVariable logits() {
        return logits;
    }

    /** The variable-name prefix, e.g. {@code heads.emotion}. */
    public String prefix() {
        return prefix;
    }
}
