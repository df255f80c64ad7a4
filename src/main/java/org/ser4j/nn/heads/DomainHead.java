package org.ser4j.nn.heads;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The domain classifier (DC): the same shape as the emotion head, to the domain logits (EM, EF, JM, JF by default),
 * variables {@code heads.domain.*}. For DANN its input is the output of a {@link GradientReversal}.
 */
public final class DomainHead {
    public static final String PREFIX = "heads.domain";

    private DomainHead() {}

    public static ClassifierHead build(SameDiff sd, SDVariable pooled, int inputSize, int width, int domains,
                                       long seed) {
        return ClassifierHead.build(sd, PREFIX, pooled, inputSize, width, domains, seed);
    }
}
