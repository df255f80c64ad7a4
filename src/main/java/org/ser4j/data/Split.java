package org.ser4j.data;

import java.util.Locale;

import org.ser4j.util.BadInputException;

/** The role of an utterance within one fold (docs/contracts.md §3). */
public enum Split {
    TRAIN, DEV, TEST;

    /** The lower-case name used in split files and predictions ({@code train|dev|test}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String code) {
        return switch (code.trim().toLowerCase(Locale.ROOT)) {
            case "train" -> TRAIN;
            case "dev" -> DEV;
            case "test" -> TEST;
            default -> throw new BadInputException("split '" + code + "': expected train, dev or test");
        };
    }
}
