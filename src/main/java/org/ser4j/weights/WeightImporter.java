package org.ser4j.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.BadInputException;

/**
 * Strict assignment of named tensors into a SameDiff graph whose variables carry HF key names.
 *
 * <p>Every graph parameter must be supplied ({@code missing} otherwise), every supplied tensor must have a graph
 * variable ({@code unexpected} otherwise) unless its name starts with one of the pass-through prefixes (default
 * {@code heads.}: the training code's emotion/domain heads, handed back untouched in {@link Report#passedThrough()}),
 * and shapes must match exactly ({@code misshaped} is always an error). Tensors that would be used must hold finite
 * values unless the policy allows otherwise. The report names every offending tensor.
 * Pre-training heads of fairseq checkpoints never reach here (the fairseq key map drops them by name).
 */
public final class WeightImporter {
    /**
     * Who may be absent or extra, and whether NaN or infinite values are let through ({@code allowNonFinite}; by
     * default they are bad input, since a model with them computes nothing but non-finite outputs).
     */
    public record Policy(boolean allowMissing, boolean allowUnexpected, Set<String> passThroughPrefixes,
                         boolean allowNonFinite) {
        public Policy {
            passThroughPrefixes = Set.copyOf(passThroughPrefixes);
        }

        /** Non-finite values refused. */
        public Policy(boolean allowMissing, boolean allowUnexpected, Set<String> passThroughPrefixes) {
            this(allowMissing, allowUnexpected, passThroughPrefixes, false);
        }

        /** The same policy, letting non-finite values through. */
        public Policy allowingNonFinite() {
            return new Policy(allowMissing, allowUnexpected, passThroughPrefixes, true);
        }

        /** Everything must match; {@code heads.*} tensors are passed through. */
        public static Policy strict() {
            return new Policy(false, false, Set.of("heads."));
        }

        /** Like strict, but unknown tensors (e.g. an HF classifier head) are only reported. */
        public static Policy ignoreUnexpected() {
            return new Policy(false, true, Set.of("heads."));
        }
    }

    /** What an import found. {@code passedThrough} holds the tensors with a pass-through prefix. */
    public record Report(List<String> assigned, List<String> missing, List<String> unexpected, List<String> misshaped,
                         Map<String, INDArray> passedThrough) {
        public boolean clean() {
            return missing.isEmpty() && unexpected.isEmpty() && misshaped.isEmpty();
        }

        public String describe() {
            return "assigned " + assigned.size() + ", missing " + missing + ", unexpected " + unexpected
                    + ", mis-shaped " + misshaped + ", passed through " + passedThrough.keySet();
        }
    }

    private WeightImporter() {}

    /** Assigns HF-named tensors (any HF variant, see {@link HfKeyMap}) into a built encoder graph. */
    public static Report assign(HubertGraph graph, Map<String, INDArray> tensors, Policy policy, String source) {
        List<String> names = new ArrayList<>();
        for (SDVariable v : graph.parameters()) {
            names.add(v.name());
        }
        return assign(graph.sameDiff(), names, HfKeyMap.toHubertModelNames(tensors), policy, source);
    }

    /**
     * Assigns tensors into the named variables of any graph (e.g. encoder + heads). Throws {@link BadInputException}
     * naming {@code source} and every offending key on a shape mismatch, or on missing/unexpected keys the policy
     * does not allow.
     */
    public static Report assign(SameDiff sd, List<String> variableNames, Map<String, INDArray> tensors, Policy policy,
                                String source) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (String name : variableNames) {
            expected.put(name, sd.getVariable(name).getArr().shape());
        }
        Report report = check(expected, tensors, policy, source);
        for (String name : report.assigned()) {
            sd.getVariable(name).getArr().assign(tensors.get(name).castTo(DataType.FLOAT));
        }
        return report;
    }

    /**
     * Checks tensors against expected names and shapes without touching any graph ({@code assigned} lists the
     * tensors that would be assigned). Throws {@link BadInputException} as {@link #assign} does.
     */
    public static Report check(Map<String, long[]> expectedShapes, Map<String, INDArray> tensors, Policy policy,
                               String source) {
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> assigned = new ArrayList<>();
        Map<String, INDArray> passed = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expectedShapes.entrySet()) {
            INDArray t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(e.getValue(), t.shape())) {
                misshaped.add(e.getKey() + " " + Arrays.toString(t.shape()) + " (graph expects "
                        + Arrays.toString(e.getValue()) + ")");
            } else {
                assigned.add(e.getKey());
            }
        }
        for (String name : tensors.keySet()) {
            if (expectedShapes.containsKey(name)) {
                continue;
            }
            if (policy.passThroughPrefixes().stream().anyMatch(name::startsWith)) {
                passed.put(name, tensors.get(name));
            } else {
                unexpected.add(name);
            }
        }
        List<String> problems = new ArrayList<>();
        if (!misshaped.isEmpty()) {
            problems.add("mis-shaped " + misshaped);
        }
        if (!missing.isEmpty() && !policy.allowMissing()) {
            problems.add("missing " + missing);
        }
        if (!unexpected.isEmpty() && !policy.allowUnexpected()) {
            problems.add("unexpected " + unexpected);
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(source + ": weights do not fit the graph: " + String.join("; ", problems));
        }
        if (!policy.allowNonFinite()) {
            refuseNonFinite(assigned, tensors, passed, source);
        }
        return new Report(assigned, missing, unexpected, misshaped, passed);
    }

    /** Names every tensor that would be used and holds a NaN or infinite value, with its first such value. */
    private static void refuseNonFinite(List<String> assigned, Map<String, INDArray> tensors,
                                        Map<String, INDArray> passed, String source) {
        List<String> bad = new ArrayList<>();
        for (String name : assigned) {
            String first = NonFiniteValues.firstIn(tensors.get(name));
            if (first != null) {
                bad.add(name + " (" + first + ")");
            }
        }
        passed.forEach((name, t) -> {
            String first = NonFiniteValues.firstIn(t);
            if (first != null) {
                bad.add(name + " (" + first + ")");
            }
        });
        if (!bad.isEmpty()) {
            throw new BadInputException(source + ": non-finite weights (NaN or infinity) in " + bad.size()
                    + " tensor(s): " + String.join(", ", bad) + "; refused at import (`ser4j convert"
                    + " --allow-non-finite` converts such a checkpoint anyway)");
        }
    }

    /** The graph's current parameter values by HF name (e.g. to export after training). */
    public static Map<String, INDArray> export(HubertGraph graph) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (SDVariable v : graph.parameters()) {
            out.put(v.name(), v.getArr());
        }
        return out;
    }
}
