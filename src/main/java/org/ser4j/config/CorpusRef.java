package org.ser4j.config;

/**
 * One corpus of an experiment: its canonical manifest and the folder its {@code path} values are relative to
 * ({@code root}; null = the manifest's own folder, contracts §2).
 */
public record CorpusRef(String manifest, String root) {
    public CorpusRef {
        if (manifest == null || manifest.isBlank()) {
            throw new IllegalArgumentException("data.corpora[].manifest: a manifest path is required");
        }
    }
}
