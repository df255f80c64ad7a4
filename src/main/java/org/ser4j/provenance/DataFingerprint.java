package org.ser4j.provenance;

import java.util.Map;

/**
 * Which data a fold used: the manifest fingerprints (docs/contracts.md §2) and a SHA-256 over the fold's split
 * ({@code utt_id,split} lines sorted by utt_id), plus utterance counts per split.
 */
public record DataFingerprint(Map<String, String> manifests, String splitSha256, Map<String, Integer> counts) {
    public DataFingerprint {
        manifests = Map.copyOf(manifests);
        counts = Map.copyOf(counts);
    }
}
