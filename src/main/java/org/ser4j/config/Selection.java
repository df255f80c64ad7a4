package org.ser4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How each fold's step is selected (key {@code train.selection}): on the test speakers' UAR (the paper's protocol,
 * optimistic) or on the dev speakers'. {@link #configName()} is the spelling in YAML and in {@code system.json}, and
 * the name of the split whose UAR selects.
 */
public enum Selection {
    TEST("test"),
    DEV("dev");

    private final String configName;

    Selection(String configName) {
        this.configName = configName;
    }

    @JsonValue
    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }

    /** Selecting on the speakers the result is reported on. */
    public boolean optimistic() {
        return this == TEST;
    }

    /** {@code test} or {@code dev}; anything else is refused naming the {@code train.selection} key. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Selection parse(String name) {
        for (Selection s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("train.selection: expected test or dev, got '" + name + "'");
    }
}
