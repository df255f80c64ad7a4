package org.ser4j.data.datavec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ser4j.audio.AudioLoader;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.Fold;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.data.Split;
import org.ser4j.util.BadInputException;

/**
 * The utterances of one split (or a whole manifest), with label indices resolved against the label and domain sets.
 * Several manifests (corpora with different roots) can be combined.
 */
public record AudioDataset(List<AudioItem> items, EmotionSet emotions, DomainSet domains) {
    public AudioDataset {
        items = List.copyOf(items);
    }

    /** Every row of the manifests. */
    public static AudioDataset of(List<Manifest> manifests, EmotionSet emotions, DomainSet domains) {
        return select(manifests, null, emotions, domains);
    }

    /** One split of one fold. */
    public static AudioDataset of(List<Manifest> manifests, Fold fold, Split split, EmotionSet emotions,
                                  DomainSet domains) {
        return select(manifests, fold.ids(split), emotions, domains);
    }

    /** The rows whose utt_id is in {@code ids} (all rows when null), in manifest order. */
    public static AudioDataset select(List<Manifest> manifests, Collection<String> ids, EmotionSet emotions,
                                      DomainSet domains) {
        Set<String> wanted = ids == null ? null : new HashSet<>(ids);
        List<AudioItem> items = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (Manifest m : manifests) {
            for (ManifestRow r : m.rows()) {
                if (wanted != null && !wanted.contains(r.uttId())) {
                    continue;
                }
                found.add(r.uttId());
                int emo;
                int dom;
                try {
                    emo = emotions.indexOf(r.emotion());
                    dom = domains.indexOf(r.domain());
                } catch (BadInputException e) {
                    throw new BadInputException("utterance " + r.uttId() + ": " + e.getMessage());
                }
                int expected = (int) Math.round(r.durationS() * AudioLoader.TARGET_RATE);
                items.add(new AudioItem(r.uttId(), r.corpus(), r.speaker(), m.audioPath(r), emo, dom, expected));
            }
        }
        if (wanted != null && found.size() != wanted.size()) {
            List<String> absent = wanted.stream().filter(id -> !found.contains(id)).sorted().limit(5).toList();
            throw new BadInputException("split names " + (wanted.size() - found.size())
                    + " utterances that are not in the manifests, e.g. " + absent);
        }
        return new AudioDataset(items, emotions, domains);
    }

    public int size() {
        return items.size();
    }
}
