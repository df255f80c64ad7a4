package org.ser4j.nn.heads;

import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient reversal (Ganin &amp; Lempitsky): forward is the identity, backward multiplies the incoming gradient by
 * {@code -lambda}.
 *
 * <p>WHY a composite and not an op with its own {@code doDiff}: in SameDiff 1.0.0-M2.1 the backward graph is built
 * from clones of each op re-created from its registered native name, so a Java subclass that overrides
 * {@code doDiff} is silently replaced by the plain op. The composite
 * {@code stopGradient((1 + lambda) * x) - lambda * x} has value {@code x} and gradient {@code -lambda}, uses only
 * native ops, and therefore also survives {@code sd.save}/{@code SameDiff.load}.
 *
 * <p>{@code lambda} is a scalar graph constant with a stable name; a trainer changes it between steps with
 * {@link #setLambda(SameDiff, String, double)} (fixed value or Ganin's schedule, see {@link #ganinLambda}).
 */
public final class GradientReversal {
    /** Name scope of the ops this class adds; the lambda constant is {@code <scope>/lambda}. */
    public static final String DEFAULT_SCOPE = "grl";

    private final SDVariable output;
    private final SDVariable lambda;

    private GradientReversal(SDVariable output, SDVariable lambda) {
        this.output = output;
        this.lambda = lambda;
    }

    /** Adds the reversal of {@code x} under the scope {@value #DEFAULT_SCOPE}. */
    public static GradientReversal apply(SameDiff sd, SDVariable x, double initialLambda) {
        return apply(sd, x, initialLambda, DEFAULT_SCOPE);
    }

    public static GradientReversal apply(SameDiff sd, SDVariable x, double initialLambda, String scope) {
        // created outside the scope with its full name: constants are not prefixed by name scopes in M2.1
        SDVariable lambda = sd.constant(scope + "/lambda", Nd4j.scalar(x.dataType(), initialLambda));
        try (NameScope ignored = sd.withNameScope(scope)) {
            SDVariable scaled = x.mul(lambda.add(1.0));
            SDVariable stopped = new StopGradient(sd, scaled).outputVariable();
            SDVariable out = stopped.sub(x.mul(lambda));
            return new GradientReversal(out, lambda);
        }
    }

    /** The reversed tensor: same value as the input. */
    public SDVariable output() {
        return output;
    }

    /** The full name of the lambda constant, for {@link #setLambda}. */
    public String lambdaName() {
        return lambda.name();
    }

    /** Sets lambda in place; takes effect on the next forward/backward pass (also in a loaded graph). */
    public static void setLambda(SameDiff sd, String lambdaName, double value) {
        SDVariable v = sd.getVariable(lambdaName);
        if (v == null || v.getArr() == null) {
            throw new IllegalArgumentException("graph has no gradient-reversal constant '" + lambdaName + "'");
        }
        v.getArr().assign(value);
    }

    public static double getLambda(SameDiff sd, String lambdaName) {
        return sd.getVariable(lambdaName).getArr().getDouble(0);
    }

    /** Ganin et al.'s schedule 2/(1+exp(-10 p)) - 1 for training progress p in [0,1], scaled by {@code max}. */
    public static double ganinLambda(double progress, double max) {
        double p = Math.max(0.0, Math.min(1.0, progress));
        return max * (2.0 / (1.0 + Math.exp(-10.0 * p)) - 1.0);
    }
}
