package org.ser4j.config;

import java.io.IOException;
import java.nio.file.Path;

import org.ser4j.util.AtomicFiles;

/**
 * An experiment after scale selection, overrides and validation, with its canonical YAML text
 * ({@code config.resolved.yaml}) and the SHA-256 of that text.
 */
public record ResolvedExperiment(ExperimentConfig config, String yaml, String sha256, Path source) {
    public void writeTo(Path file) throws IOException {
        AtomicFiles.writeString(file, yaml);
    }
}
