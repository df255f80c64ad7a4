package org.ser4j.eval;

/**
 * One evaluation line of {@code fold-<k>/metrics.jsonl} (read and written by {@link MetricsLog}): the step, the
 * split, and the figures of that evaluation; NaN for a figure that does not apply (a vanilla system has no domain
 * loss).
 */
public record MetricsLine(long step, String split, double uar, double war, double lossEmo, double lossDom,
                          double domAcc) {
}
