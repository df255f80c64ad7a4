package org.ser4j.data.synth;

/** Manner classes that the renderer realises differently. */
public enum PhoneKind {
    VOWEL, PLOSIVE, AFFRICATE, FRICATIVE, NASAL, LIQUID, GLIDE, FLAP,
    /** Japanese moraic nasal: a nasal mora whose place follows the next consonant. */
    MORAIC_NASAL,
    /** Japanese geminate closure (sokuon): one mora of silence before a voiceless obstruent. */
    GEMINATE
}
