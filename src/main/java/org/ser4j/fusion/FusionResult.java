package org.ser4j.fusion;

import java.util.List;

import org.ser4j.eval.TrialStats;

/**
 * Everything {@code fusion.json} holds (docs/contracts.md §6): the systems in path order, the subset sizes, the protocol and
 * whether the numbers are optimistic, the top list, the best subset per k, the full combination of all systems, the
 * single systems' statistics and, under protocol nested, the pooled held-out scores.
 */
public record FusionResult(String format, List<String> systems, List<String> modes, List<String> labels, String column,
                           String rule, List<Integer> k, String protocol, boolean optimistic, String selectionNote,
                           long subsetsSearched, int utterances, List<FusionEntry> top, List<FusionEntry> bestPerK,
                           FusionEntry fullCombination, TrialStats singles, Heldout nested) {

    public static final String FORMAT = "ser4j-fusion/1";

    /** Pooled held-out scores of protocol nested; {@code meanOfFoldsUar} averages the per-fold UARs instead. */
    public record Heldout(double uar, double war, double meanOfFoldsUar) {}
}
