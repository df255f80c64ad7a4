package org.ser4j.data.synth;

/**
 * One phone with its acoustic targets for a reference adult male vocal tract (speakers scale the formants).
 * For consonants the formants are loci, which the smoothed tracks approach and leave, giving CV transitions.
 *
 * @param f1 / f2 / f3 formant targets (Hz); for diphthongs the onset
 * @param g1 / g2 / g3 offglide targets of a diphthong, or 0 for a monophthong
 * @param noiseHz / noiseBw centre and bandwidth of frication or burst noise (Hz); 0 when none
 * @param noiseGain relative frication/burst level
 * @param nasalZeroHz antiresonance of a nasal (place cue); 0 for oral phones
 * @param durationMs intrinsic duration at the reference rate (175 words per minute)
 */
public record Phone(String symbol, PhoneKind kind, boolean voiced, double f1, double f2, double f3, double g1, double g2,
                    double g3, double noiseHz, double noiseBw, double noiseGain, double nasalZeroHz, double durationMs) {

    public boolean isVowel() {
        return kind == PhoneKind.VOWEL;
    }

    public boolean isDiphthong() {
        return g1 > 0;
    }

    public boolean isObstruent() {
        return kind == PhoneKind.PLOSIVE || kind == PhoneKind.AFFRICATE || kind == PhoneKind.FRICATIVE;
    }

    static Phone vowel(String s, double f1, double f2, double f3, double dur) {
        return new Phone(s, PhoneKind.VOWEL, true, f1, f2, f3, 0, 0, 0, 0, 0, 0, 0, dur);
    }

    static Phone diphthong(String s, double f1, double f2, double f3, double g1, double g2, double g3, double dur) {
        return new Phone(s, PhoneKind.VOWEL, true, f1, f2, f3, g1, g2, g3, 0, 0, 0, 0, dur);
    }

    static Phone consonant(String s, PhoneKind kind, boolean voiced, double f1, double f2, double f3, double noiseHz,
                           double noiseBw, double noiseGain, double nasalZero, double dur) {
        return new Phone(s, kind, voiced, f1, f2, f3, 0, 0, 0, noiseHz, noiseBw, noiseGain, nasalZero, dur);
    }
}
