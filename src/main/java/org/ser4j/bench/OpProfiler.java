package org.ser4j.bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Per-op wall time of one SameDiff forward, split into the part that grows with the square of the number of frames
 * T and the rest. An op counts as quadratic when it produces or consumes a [.., T, T] tensor: the attention scores
 * matmul, the key-mask add, the softmax and the probabilities-times-values matmul. Everything else (projections,
 * feed-forward, norms, the CNN) grows linearly with the audio length. SameDiff executes ops one after another on
 * the calling thread, so the time between the pre- and post-execution callbacks is the op's own time.
 */
public final class OpProfiler extends BaseListener {
    private final long frames;
    private final Set<String> quadraticVariables = new HashSet<>();
    private final Map<String, double[]> byOpType = new TreeMap<>();
    /** op type + first output shape, to tell e.g. the CNN's convolutions from the positional conv's. */
    private final Map<String, double[]> byOpTypeAndShape = new TreeMap<>();
    private long started;
    private double quadraticSeconds;
    private double otherSeconds;

    /** @param frames T, the number of frames of the profiled input */
    public OpProfiler(long frames) {
        this.frames = frames;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        started = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        double s = (System.nanoTime() - started) / 1e9;
        boolean quadratic = false;
        List<String> ins = op.getInputsToOp();
        if (ins != null) {
            for (String in : ins) {
                quadratic |= quadraticVariables.contains(in);
            }
        }
        List<String> outs = op.getOutputsOfOp();
        for (int i = 0; outputs != null && i < outputs.length; i++) {
            if (isSquareInFrames(outputs[i])) {
                quadratic = true;
                if (outs != null && i < outs.size()) {
                    quadraticVariables.add(outs.get(i));
                }
            }
        }
        if (quadratic) {
            quadraticSeconds += s;
        } else {
            otherSeconds += s;
        }
        String type = op.getOp().opName();
        double[] acc = byOpType.computeIfAbsent(type, k -> new double[2]);
        acc[0] += s;
        acc[1] += 1;
        String shape = outputs != null && outputs.length > 0 && outputs[0] != null
                ? Arrays.toString(outputs[0].shape()) : "?";
        double[] accShape = byOpTypeAndShape.computeIfAbsent(type + " " + shape, k -> new double[2]);
        accShape[0] += s;
        accShape[1] += 1;
    }

    private boolean isSquareInFrames(INDArray a) {
        if (a == null || a.rank() < 2 || frames < 2) {
            return false;
        }
        long[] sh = a.shape();
        return sh[sh.length - 1] == frames && sh[sh.length - 2] == frames;
    }

    public double quadraticSeconds() {
        return quadraticSeconds;
    }

    public double otherSeconds() {
        return otherSeconds;
    }

    /** Figures for the report: the split and the ten most expensive op types. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        double total = quadraticSeconds + otherSeconds;
        m.put("profiled_op_seconds", total);
        m.put("attention_quadratic_seconds", quadraticSeconds);
        m.put("linear_in_length_seconds", otherSeconds);
        m.put("attention_quadratic_share", total > 0 ? quadraticSeconds / total : 0.0);
        Map<String, Object> top = new LinkedHashMap<>();
        byOpType.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .limit(10)
                .forEach(e -> top.put(e.getKey(), Map.of("seconds", e.getValue()[0], "calls", (long) e.getValue()[1])));
        m.put("top_op_types", top);
        return m;
    }

    /** Seconds and calls per op type, summed over every profiled run (read-only view). */
    public Map<String, double[]> secondsAndCallsByOpType() {
        return Collections.unmodifiableMap(byOpType);
    }

    /** As {@link #secondsAndCallsByOpType()}, keyed by op type and first output shape. */
    public Map<String, double[]> secondsAndCallsByOpTypeAndShape() {
        return Collections.unmodifiableMap(byOpTypeAndShape);
    }

    /** Op types seen, for tests and logs. */
    public Set<String> opTypes() {
        return byOpType.keySet().stream().collect(Collectors.toSet());
    }
}
