package org.ser4j.data.synth;

/** The four emotions, in the canonical class order ang, hap, neu, sad; {@code tableName} is the row name in emotions.tsv. */
public enum SynthEmotion {
    ANG("ang", "angry"),
    HAP("hap", "happy"),
    NEU("neu", "neutral"),
    SAD("sad", "sad");

    private final String label;
    private final String tableName;

    SynthEmotion(String label, String tableName) {
        this.label = label;
        this.tableName = tableName;
    }

    /** The manifest label. */
    public String label() {
        return label;
    }

    public String tableName() {
        return tableName;
    }
}
