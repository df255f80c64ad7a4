package org.ser4j.data.synth;

/** The two languages of the corpus; {@code code} is the ISO 639-1 code written to the manifest. */
public enum SynthLanguage {
    EN("en"),
    JA("ja");

    private final String code;

    SynthLanguage(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static SynthLanguage fromCode(String code) {
        for (SynthLanguage l : values()) {
            if (l.code.equalsIgnoreCase(code.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown language '" + code + "', expected en or ja");
    }
}
