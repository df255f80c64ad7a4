package org.ser4j.data.synth;

import java.util.List;

/**
 * What to generate. Defaults (see {@link #defaults()}) give the 800-utterance corpus: 5 sessions x {en, ja} x {M, F},
 * one speaker each, x 4 emotions x 10 utterances.
 *
 * @param jitterPct      scales every per-utterance jitter SD (100 = the table's values): the main difficulty knob
 * @param intensityMin / intensityMax range of the per-utterance emotion intensity (before speaker expressiveness)
 * @param style          per-(speaker, emotion, parameter group) style variation: weights drawn from U(1-style, 1+style)
 * @param sharedChannel  if true, Japanese sessions use the English channel of the same session, so the two languages
 *                       differ only in the speech itself (a control for language identification)
 * @param threads        worker threads; the output does not depend on it
 */
public record SynthOptions(long seed, int speakersPerSession, int uttsPerSpeakerEmotion, List<SynthLanguage> languages,
                           double jitterPct, double intensityMin, double intensityMax, double style,
                           boolean sharedChannel, int threads) {
    public static final int SESSIONS = 5;

    public SynthOptions {
        if (speakersPerSession < 1 || speakersPerSession > 2) {
            throw new IllegalArgumentException("--speakers-per-session must be 1 or 2 (the table has 10 speakers per domain), got "
                    + speakersPerSession);
        }
        if (uttsPerSpeakerEmotion < 1) {
            throw new IllegalArgumentException("--utts-per-speaker-emotion must be >= 1, got " + uttsPerSpeakerEmotion);
        }
        if (languages == null || languages.isEmpty()) {
            throw new IllegalArgumentException("--languages must name at least one of en, ja");
        }
        if (jitterPct < 0) {
            throw new IllegalArgumentException("--jitter must be >= 0 percent, got " + jitterPct);
        }
        if (intensityMin < 0 || intensityMax < intensityMin) {
            throw new IllegalArgumentException("intensity range must satisfy 0 <= min <= max, got " + intensityMin + ".." + intensityMax);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        languages = List.copyOf(languages);
    }

    public static SynthOptions defaults() {
        return new SynthOptions(1, 1, 10, List.of(SynthLanguage.EN, SynthLanguage.JA), 100, 0.30, 1.10, 0.40, false,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public SynthOptions withSeed(long s) {
        return new SynthOptions(s, speakersPerSession, uttsPerSpeakerEmotion, languages, jitterPct, intensityMin,
                intensityMax, style, sharedChannel, threads);
    }

    public SynthOptions withUtts(int n) {
        return new SynthOptions(seed, speakersPerSession, n, languages, jitterPct, intensityMin, intensityMax, style,
                sharedChannel, threads);
    }

    public SynthOptions withThreads(int t) {
        return new SynthOptions(seed, speakersPerSession, uttsPerSpeakerEmotion, languages, jitterPct, intensityMin,
                intensityMax, style, sharedChannel, t);
    }

    public SynthOptions withSharedChannel(boolean shared) {
        return new SynthOptions(seed, speakersPerSession, uttsPerSpeakerEmotion, languages, jitterPct, intensityMin,
                intensityMax, style, shared, threads);
    }

    public SynthOptions withJitter(double pct) {
        return new SynthOptions(seed, speakersPerSession, uttsPerSpeakerEmotion, languages, pct, intensityMin,
                intensityMax, style, sharedChannel, threads);
    }

    public SynthOptions withIntensity(double min, double max, double styleVariation) {
        return new SynthOptions(seed, speakersPerSession, uttsPerSpeakerEmotion, languages, jitterPct, min, max,
                styleVariation, sharedChannel, threads);
    }

    public SynthOptions withLanguages(List<SynthLanguage> langs) {
        return new SynthOptions(seed, speakersPerSession, uttsPerSpeakerEmotion, langs, jitterPct, intensityMin,
                intensityMax, style, sharedChannel, threads);
    }
}
