package org.ser4j.data.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * The recording channel of one (language, session), from {@code channels.tsv}.
 *
 * @param gainDb    output gain
 * @param highPassHz / lowPassHz band limits (2nd-order Butterworth)
 * @param noiseDb   pink-noise floor, dB of RMS re. full scale (see {@link RecordingChannel})
 * @param reverbPct reverberance 0-100 (0 = dry)
 * @param bassDb    low shelf at 200 Hz
 * @param eqHz / eqDb one peaking band, one octave wide
 */
public record ChannelProfile(SynthLanguage language, int session, double gainDb, double highPassHz, double lowPassHz,
                             double noiseDb, double reverbPct, double bassDb, double eqHz, double eqDb) {

    public static List<ChannelProfile> bundled() {
        List<ChannelProfile> out = new ArrayList<>();
        for (String[] f : TsvTable.read("channels.tsv", 10)) {
            out.add(new ChannelProfile(SynthLanguage.fromCode(f[0]), Integer.parseInt(f[1].trim()), d(f[2]), d(f[3]), d(f[4]),
                    d(f[5]), d(f[6]), d(f[7]), d(f[8]), d(f[9])));
        }
        return out;
    }

    private static double d(String s) {
        return Double.parseDouble(s.trim());
    }
}
