package org.ser4j.util;

/**
 * Input that ser4j cannot use: a corrupt file, a missing label, a bad config key. The message names the file or
 * field and what was expected. The CLI maps it to exit code 2 (docs/contracts.md §8).
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
