/**
 * Level 3: the synthetic bilingual emotional-speech corpus. A source-filter (formant) synthesiser in plain Java:
 * Rosenberg glottal pulses with jitter, shimmer, roughness and breath noise; a cascade of time-varying formant
 * resonators with a nasal pole/zero pair; fricative noise, plosive bursts and aspiration; English-like
 * (stress-timed, closed syllables, reduced vowels) and Japanese-like (mora-timed CV, five vowels, pitch accent)
 * sentences; sentence intonation; emotion profiles, speaker voices and per-session recording channels read from the
 * tables in {@code src/main/resources/org/ser4j/data/synth/}. Output is a pure function of (seed, options).
 * Imports util, audio and data only.
 */
package org.ser4j.data.synth;
