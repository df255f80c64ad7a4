/**
 * Level 4: evaluation of emotion predictions. UAR, WAR and confusion matrices (per fold and pooled), statistics over
 * trials, correlation between systems, and the readers/writers of a system folder's {@code predictions.csv},
 * {@code system.json} and {@code fold-<k>/metrics.jsonl} (docs/contracts.md §4). Imports only util and data.
 */
package org.ser4j.eval;
