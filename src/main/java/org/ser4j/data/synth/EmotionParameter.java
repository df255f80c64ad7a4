package org.ser4j.data.synth;

/**
 * The columns of {@code emotions.tsv}, in table order, each with the style group whose per-(speaker, emotion) weight
 * scales it (0 pitch, 1 tempo, 2 loudness, 3 voice quality, 4 probabilities).
 */
public enum EmotionParameter {
    F0_LEVEL(0), F0_SPAN(0), RATE(1), AMP(2), GAP(1), BREATH(3), ROUGH(3), FLUTTER(3), TILT(3), CONSONANTS(2),
    EMPHASIS(4), EXCLAMATION(4), TREMOLO(3), DRIVE(2), TREBLE(3);

    private final int styleGroup;

    EmotionParameter(int styleGroup) {
        this.styleGroup = styleGroup;
    }

    public int styleGroup() {
        return styleGroup;
    }

    /** Probabilities are scaled by the intensity but get no jitter. */
    public boolean isProbability() {
        return this == EMPHASIS || this == EXCLAMATION;
    }
}
