package org.ser4j.fusion;

import java.util.Locale;

import org.ser4j.util.BadInputException;

/**
 * Which rows choose the subset (docs/contracts.md §6). {@code TEST} picks on the test rows it reports on: the paper's oracle,
 * always labelled optimistic. {@code DEV} picks on the dev rows and reports on test. {@code NESTED} picks, for each
 * held-out fold, on the test rows of the other folds and reports on the held-out fold, pooled over folds.
 */
public enum FusionProtocol {
    TEST, DEV, NESTED;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FusionProtocol parse(String s) {
        for (FusionProtocol p : values()) {
            if (p.cliName().equals(s.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new BadInputException("protocol must be test, dev or nested, got '" + s + "'");
    }
}
