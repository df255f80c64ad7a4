/**
 * Level 4: evaluation of emotion predictions. WAR and confusion matrices (per fold and pooled), statistics over
 * trials, correlation between systems, the names of a run folder's files ({@link org.ser4j.eval.RunLayout}) and the
 * one reader/writer of each: {@code predictions.csv} ({@link org.ser4j.eval.PredictionTable}), {@code system.json}
 * ({@link org.ser4j.eval.SystemInfo}), {@code fold-<k>/metrics.jsonl} ({@link org.ser4j.eval.MetricsLog}) and
 * {@code embeddings/} ({@link org.ser4j.eval.Embeddings}) (docs/contracts.md §4). Imports only util and data.
 */
package org.ser4j.eval;
