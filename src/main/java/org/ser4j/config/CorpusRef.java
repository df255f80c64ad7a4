package org.ser4j.config;

import java.util.List;

/**
 * One corpus of an experiment: its canonical manifest, the folder its {@code path} values are relative to
 * ({@code root}; null = the manifest's own folder, docs/contracts.md §2), and optionally the languages to keep (null = all;
 * e.g. {@code [en]} makes a single-corpus experiment out of the bilingual synthetic manifest).
 */
public record CorpusRef(String manifest, String root, List<String> languages) {
    public CorpusRef {
        if (manifest == null || manifest.isBlank()) {
            throw new IllegalArgumentException("data.corpora[].manifest: a manifest path is required");
        }
        languages = languages == null ? null : List.copyOf(languages);
    }
}
