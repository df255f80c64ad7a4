package org.ser4j.data.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * One synthetic speaker, read from {@code speakers.tsv} (values in the reference recipe's espeak-ng units, mapped to
 * this synthesiser by {@link VoiceSettings}).
 *
 * @param f0BaseHz     bottom of the speaker's neutral pitch range
 * @param f0TopHz      top of the neutral pitch range (accent peaks)
 * @param formantScale F1-F3 scale in percent (vocal-tract length: 100 = reference adult male tract)
 * @param highFormantScale F4-F5 scale in percent
 * @param wordsPerMinute neutral speaking rate
 * @param roughness    0-7, period-to-period irregularity (diplophonia/creak)
 * @param flutter      slow F0 wobble, units of 0.25 % of F0
 * @param breath       aspiration noise, 0-15
 * @param tilt         spectral tilt steps (+ brighter)
 * @param consonants   consonant strength in percent
 * @param expressiveness per mille multiplier of all emotion deltas
 */
public record SpeakerProfile(String id, SynthLanguage language, String gender, String accent, double f0BaseHz,
                             double f0TopHz, double formantScale, double highFormantScale, double wordsPerMinute,
                             double roughness, double flutter, double breath, double tilt, double consonants,
                             double expressiveness) {

    /** Speaker number within its domain (EM03 -> 3). */
    public int number() {
        return Integer.parseInt(id.substring(2));
    }

    public String domain() {
        return id.substring(0, 2);
    }

    /** Sessions cycle through the speakers: session = ((n - 1) mod sessions) + 1. */
    public int session(int sessions) {
        return (number() - 1) % sessions + 1;
    }

    /** All 40 speakers of the bundled table, in table order. */
    public static List<SpeakerProfile> bundled() {
        List<SpeakerProfile> out = new ArrayList<>();
        for (String[] f : TsvTable.read("speakers.tsv", 15)) {
            out.add(new SpeakerProfile(f[0], SynthLanguage.fromCode(f[1]), f[2], f[3], d(f[4]), d(f[5]), d(f[6]), d(f[7]),
                    d(f[8]), d(f[9]), d(f[10]), d(f[11]), d(f[12]), d(f[13]), d(f[14])));
        }
        return out;
    }

    private static double d(String s) {
        return Double.parseDouble(s.trim());
    }
}
