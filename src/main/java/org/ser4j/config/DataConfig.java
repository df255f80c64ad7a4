package org.ser4j.config;

import java.util.List;

/**
 * Which utterances an experiment trains and tests on.
 *
 * @param corpora          the manifests (several = multi-corpus; fold k tests session k of every corpus)
 * @param labels           emotion label order = class index order (docs/contracts.md §2)
 * @param domains          domain label order for the domain classifier
 * @param splits           optional split CSV ({@code utt_id,fold,split}); null = leave-one-session-out from the
 *                         manifest sessions
 * @param devSpeakers      speakers per corpus held out of the training sessions as a dev split (0 = no dev split)
 * @param maxTrainSeconds  training crops are at most this long (a seeded random offset)
 * @param maxEvalSeconds   evaluation crops (from the start); 0 = whole utterances
 */
public record DataConfig(List<CorpusRef> corpora, List<String> labels, List<String> domains, String splits,
                         int devSpeakers, double maxTrainSeconds, double maxEvalSeconds) {
    public DataConfig {
        if (corpora == null || corpora.isEmpty()) {
            throw new IllegalArgumentException("data.corpora: at least one corpus is required");
        }
        corpora = List.copyOf(corpora);
        labels = labels == null ? List.of("ang", "hap", "neu", "sad") : List.copyOf(labels);
        domains = domains == null ? List.of("EM", "EF", "JM", "JF") : List.copyOf(domains);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("data.labels: need at least two emotion labels, got " + labels);
        }
        if (devSpeakers < 0) {
            throw new IllegalArgumentException("data.dev_speakers: must be >= 0, got " + devSpeakers);
        }
        if (maxTrainSeconds <= 0) {
            throw new IllegalArgumentException("data.max_train_seconds: must be > 0, got " + maxTrainSeconds);
        }
        if (maxEvalSeconds < 0) {
            throw new IllegalArgumentException("data.max_eval_seconds: must be >= 0, got " + maxEvalSeconds);
        }
    }
}
