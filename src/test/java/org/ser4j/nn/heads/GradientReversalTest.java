package org.ser4j.nn.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientReversalTest {
    static final double[] X = {0.5, -1.25, 2.0, 0.75};
    static final double[] C = {1.5, -0.5, 0.25, -2.0};

    /** loss = sum(c * tanh(GRL(w * x))); w is the variable whose gradient we check. */
    static SameDiff graph(double lambda) {
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", Nd4j.createFromArray(0.3, -0.7, 1.1, 0.2).castTo(DataType.DOUBLE));
        SDVariable x = sd.constant("x", Nd4j.createFromArray(X));
        SDVariable c = sd.constant("c", Nd4j.createFromArray(C));
        GradientReversal grl = GradientReversal.apply(sd, w.mul(x), lambda);
        sd.math.tanh(grl.output()).mul(c).sum().rename("loss");
        sd.setLossVariables("loss");
        return sd;
    }

    @Test
    void forwardIsIdentity() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        GradientReversal g = GradientReversal.apply(sd, x, 0.7);
        INDArray in = Nd4j.createFromArray(new float[][] {{1f, -2f, 3.5f}, {0.1f, 0f, -7f}});
        INDArray out = sd.output(Map.of("x", in), g.output().name()).get(g.output().name());
        assertEquals(0.0, out.sub(in).amaxNumber().doubleValue(), 1e-6);
    }

    /** Gradient = -lambda x (finite-difference gradient of the forward function, which is the identity). */
    @Test
    void gradientIsMinusLambdaTimesFiniteDifferences() {
        double lambda = 0.7;
        SameDiff sd = graph(lambda);
        double[] analytic = sd.calculateGradients(Map.of(), "w").get("w").toDoubleVector();
        double[] fd = finiteDifferences(sd);
        for (int i = 0; i < fd.length; i++) {
            assertEquals(-lambda * fd[i], analytic[i], 1e-6, "component " + i);
        }
        // lambda changed between steps takes effect
        GradientReversal.setLambda(sd, "grl/lambda", 0.2);
        double[] after = sd.calculateGradients(Map.of(), "w").get("w").toDoubleVector();
        for (int i = 0; i < fd.length; i++) {
            assertEquals(-0.2 * fd[i], after[i], 1e-6);
        }
    }

    private static double[] finiteDifferences(SameDiff sd) {
        INDArray w = sd.getVariable("w").getArr();
        double[] out = new double[(int) w.length()];
        double h = 1e-6;
        for (int i = 0; i < out.length; i++) {
            double orig = w.getDouble(i);
            w.putScalar(i, orig + h);
            double up = sd.output(Map.of(), "loss").get("loss").getDouble(0);
            w.putScalar(i, orig - h);
            double down = sd.output(Map.of(), "loss").get("loss").getDouble(0);
            w.putScalar(i, orig);
            out[i] = (up - down) / (2 * h);
        }
        return out;
    }

    @Test
    void savedAndLoadedGraphStillReverses(@TempDir Path dir) throws Exception {
        SameDiff sd = graph(0.5);
        double[] before = sd.calculateGradients(Map.of(), "w").get("w").toDoubleVector();
        File f = dir.resolve("grl.fb").toFile();
        sd.save(f, true);
        SameDiff loaded = SameDiff.load(f, true);
        double[] fd = finiteDifferences(loaded);
        double[] after = loaded.calculateGradients(Map.of(), "w").get("w").toDoubleVector();
        for (int i = 0; i < fd.length; i++) {
            assertEquals(before[i], after[i], 1e-9);
            assertEquals(-0.5 * fd[i], after[i], 1e-6);
        }
        GradientReversal.setLambda(loaded, "grl/lambda", 1.0);
        double[] one = loaded.calculateGradients(Map.of(), "w").get("w").toDoubleVector();
        for (int i = 0; i < fd.length; i++) {
            assertEquals(-fd[i], one[i], 1e-6);
        }
    }

    @Test
    void ganinScheduleRisesFromZeroToMax() {
        assertEquals(0.0, GradientReversal.ganinLambda(0, 1), 1e-12);
        assertEquals(2.0 / (1 + Math.exp(-5)) - 1, GradientReversal.ganinLambda(0.5, 1), 1e-12);
        assertEquals(0.5 * (2.0 / (1 + Math.exp(-10)) - 1), GradientReversal.ganinLambda(1, 0.5), 1e-12);
    }
}
