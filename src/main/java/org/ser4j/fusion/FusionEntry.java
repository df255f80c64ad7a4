package org.ser4j.fusion;

import java.util.List;

/**
 * One reported subset: its members (indices into the path-ordered systems, and their paths), composition by mode,
 * and UAR/WAR on the rows it is reported on. {@code selectionUar}/{@code selectionWar} are the scores on the rows
 * that chose it (dev rows, or the other folds); null when those are the reported rows (protocol test). {@code fold}
 * is the held-out fold under protocol nested, else null. Percentages are not used: UAR and WAR are in [0, 1].
 */
public record FusionEntry(int rank, int k, int[] members, List<String> memberPaths, String composition, double uar,
                          double war, Double selectionUar, Double selectionWar, Integer fold) {}
