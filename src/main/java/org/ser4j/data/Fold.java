package org.ser4j.data;

import java.util.List;
import java.util.Set;

/** One fold: the utterance ids of each split, each list sorted by utt_id. */
public record Fold(int number, List<String> train, List<String> dev, List<String> test) {
    public Fold {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    public List<String> ids(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** The manifest rows of one split, in manifest order. */
    public List<ManifestRow> rows(Manifest manifest, Split split) {
        Set<String> ids = Set.copyOf(ids(split));
        return manifest.rows().stream().filter(r -> ids.contains(r.uttId())).toList();
    }
}
