/**
 * {@code ./ser4j demo}: the whole method end to end on the synthetic corpus, sized for a laptop. It generates the
 * corpus, runs the experiment YAMLs of {@code experiments/} at demo scale through {@code train.ExperimentRun} on
 * parallel single-thread workers (finished systems are reused), fuses the systems ({@code fusion}), writes the
 * report ({@code report}) and prints a one-screen headline table. Part of the app level: it only orchestrates.
 */
package org.ser4j.app.demo;
