package org.ser4j.config;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a system trains (key {@code modes}): the emotion head alone, with a domain head (MTL), with a
 * gradient-reversed domain head (DANN), or the fake-domain recipe, whose second step treats one domain
 * (EM, EF, JM or JF) as the only target domain. {@link #configName()} is the spelling in YAML, on the command line,
 * in folder names and in every file.
 */
public enum Mode {
    VANILLA("vanilla"),
    MTL("mtl"),
    DANN("dann"),
    FAKE_EM("fake-EM"),
    FAKE_EF("fake-EF"),
    FAKE_JM("fake-JM"),
    FAKE_JF("fake-JF");

    /** Every spelling, in declaration order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Mode::configName).toList();

    private static final String FAKE_PREFIX = "fake-";

    private final String configName;

    Mode(String configName) {
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

    /** gamma of the paper's loss L = L_emo + |gamma| L_dom: 0 vanilla, +1 MTL and fake-domain, -1 DANN. */
    public int gamma() {
        return switch (this) {
            case VANILLA -> 0;
            case DANN -> -1;
            default -> 1;
        };
    }

    public boolean isFake() {
        return configName.startsWith(FAKE_PREFIX);
    }

    /** The target domain of a fake-domain mode ({@code EM} for {@code fake-EM}). */
    public String fakeDomain() {
        if (!isFake()) {
            throw new IllegalStateException(configName + " is not a fake-domain mode");
        }
        return configName.substring(FAKE_PREFIX.length());
    }

    /** The mode spelled {@code name}; anything else is refused naming the {@code modes} key. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Mode parse(String name) {
        for (Mode m : values()) {
            if (m.configName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("modes: unknown mode '" + name + "', expected one of " + NAMES);
    }
}
