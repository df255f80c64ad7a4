package org.ser4j.nn.heads;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The emotion classifier (EC): projection + ReLU + linear to the emotion logits, variables {@code heads.emotion.*}. */
public final class EmotionHead {
    public static final String PREFIX = "heads.emotion";
    public static final int DEFAULT_WIDTH = 256;

    private EmotionHead() {}

    public static ClassifierHead build(SameDiff sd, SDVariable pooled, int inputSize, int width, int emotions,
                                       long seed) {
        return ClassifierHead.build(sd, PREFIX, pooled, inputSize, width, emotions, seed);
    }
}
