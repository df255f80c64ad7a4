package org.ser4j.data.synth;

import java.util.Locale;

/** One utterance to generate: who says which sentence in which emotion, and the k-th take of that speaker-emotion. */
public record UtteranceSpec(SpeakerProfile speaker, SynthEmotion emotion, int k, int sentenceIndex, int session) {

    public String sentenceId() {
        return String.format(Locale.ROOT, "%s%02d", speaker.language().code(), sentenceIndex + 1);
    }

    /** e.g. EM01_ang_en07_00: unique within the corpus and sortable. */
    public String uttId() {
        return String.format(Locale.ROOT, "%s_%s_%s_%02d", speaker.id(), emotion.label(), sentenceId(), k);
    }

    public String relativePath() {
        return "wav/" + speaker.id() + "/" + uttId() + ".wav";
    }
}
