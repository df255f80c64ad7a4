package org.ser4j.audio;

import java.util.Locale;
import java.util.function.UnaryOperator;

import org.ser4j.util.BadInputException;

/**
 * Plausibility limits a WAV header must meet before any sample is decoded, so that a hostile or broken header is
 * named as bad input instead of costing hours of decoding or all the memory (issue 21).
 *
 * <ul>
 *   <li>Sample rate: {@value #MIN_SAMPLE_RATE} Hz to {@value #MAX_SAMPLE_RATE} Hz (telephone-band speech up to the
 *   highest studio rate). Below 1 kHz resampling to 16 kHz would multiply the length by more than 16.</li>
 *   <li>Duration: at most {@code maxSeconds}, by default {@value #DEFAULT_MAX_SECONDS} s (one hour). Set it with the
 *   system property {@value #PROPERTY} or, when that is absent, the environment variable {@value #ENVIRONMENT}; it
 *   may not exceed {@value #CEILING_SECONDS} s, the longest input whose 16 kHz samples fit in one Java array.</li>
 * </ul>
 *
 * @param maxSeconds the longest accepted duration in seconds
 */
public record AudioLimits(double maxSeconds) {
    public static final int MIN_SAMPLE_RATE = 1_000;
    public static final int MAX_SAMPLE_RATE = 768_000;
    public static final double DEFAULT_MAX_SECONDS = 3600;
    /** Integer.MAX_VALUE samples at 16 kHz, rounded down to whole seconds. */
    public static final double CEILING_SECONDS = 134_217;
    public static final String PROPERTY = "ser4j.max-audio-seconds";
    public static final String ENVIRONMENT = "SER4J_MAX_AUDIO_SECONDS";
    public static final AudioLimits DEFAULT = new AudioLimits(DEFAULT_MAX_SECONDS);

    public AudioLimits {
        if (!(maxSeconds > 0) || maxSeconds > CEILING_SECONDS) {
            throw new IllegalArgumentException("the longest audio must be more than 0 and at most " + CEILING_SECONDS
                    + " s, got " + maxSeconds);
        }
    }

    /** The limits in effect: {@value #PROPERTY}, else {@value #ENVIRONMENT}, else the default. */
    public static AudioLimits current() {
        return resolve(System::getProperty, System::getenv);
    }

    /** The same rule over any lookups (tests use maps); a value that is not a valid duration is bad input. */
    static AudioLimits resolve(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String source = PROPERTY;
        String value = properties.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            source = ENVIRONMENT;
            value = environment.apply(ENVIRONMENT);
        }
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return new AudioLimits(Double.parseDouble(value.trim()));
        } catch (IllegalArgumentException e) { // a NumberFormatException or a value out of range
            throw new BadInputException(source + ": expected a number of seconds in (0, " + (long) CEILING_SECONDS
                    + "], got '" + value + "'");
        }
    }

    /** Null when {@code rate} is in range, else what is wrong with it. */
    public static String sampleRateProblem(int rate) {
        if (rate >= MIN_SAMPLE_RATE && rate <= MAX_SAMPLE_RATE) {
            return null;
        }
        return "sample rate " + rate + " Hz is outside the supported " + MIN_SAMPLE_RATE + " .. " + MAX_SAMPLE_RATE
                + " Hz";
    }

    /** Null when {@code frames} at {@code rate} last at most {@link #maxSeconds}, else what is wrong. */
    public String durationProblem(long frames, int rate) {
        double seconds = frames / (double) rate;
        if (seconds <= maxSeconds) {
            return null;
        }
        return String.format(Locale.ROOT, "%.1f s of audio (%d frames at %d Hz) exceeds the limit of %.0f s; raise "
                + "it with -D%s=SECONDS or %s=SECONDS", seconds, frames, rate, maxSeconds, PROPERTY, ENVIRONMENT);
    }
}
