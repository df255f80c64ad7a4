package org.ser4j.data.synth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.ser4j.util.Seeds;

/**
 * The synthesis parameters of one utterance, already mapped from the table units onto this synthesiser:
 * <pre>
 *   v = neutral + (emotion - neutral) * I * style + jitter_sd * J * N(0,1)      (per emotions.tsv column)
 *   I = speaker expressiveness * U(intensityMin, intensityMax),  style ~ U(1-S, 1+S) per (speaker, emotion, group)
 * </pre>
 * then: F0 base = speaker base * (1 + f0lvl/1000); F0 top = base + speaker span * f0span/100; rate in words per
 * minute = speaker rate * rate/100 (the renderer scales its segment durations by 175/wpm); amplitude = amp/100 linear;
 * word gap = gap * 10 ms; breath, roughness, flutter, tilt and consonant strength are added to (or, for
 * consonants, multiply) the speaker's values and drive the glottal source and the consonant levels; emphasis and
 * exclamation are probabilities (in percent, scaled by I) of an emphasised word and of the exclamation tune;
 * tremolo (percent depth, on from 3 %), overdrive (dB of drive, on from 1 dB) and treble (tenths of dB at 3 kHz) are
 * the post effects.
 */
public record UtteranceParams(double intensity, double f0BaseHz, double f0TopHz, double wordsPerMinute, double amplitude,
                              double gapMs, double breath, double roughness, double flutter, double tilt,
                              double consonants, boolean emphasis, int emphasisWord, boolean exclamation,
                              double overdriveDb, double tremoloPct, double tremoloHz, double trebleDb, double leadMs,
                              double trailMs, double levelDb, double noiseJitterDb, long renderSeed) {

    /** Draws the parameters of {@code spec}; a pure function of (options, spec), whatever thread calls it. */
    public static UtteranceParams draw(SynthOptions o, UtteranceSpec spec, EmotionTable table, int wordsInSentence) {
        SpeakerProfile spk = spec.speaker();
        SynthLanguage lang = spk.language();
        SynthEmotion emo = spec.emotion();
        double[] style = new double[5];
        for (int g = 0; g < style.length; g++) {
            SplittableRandom sr = new SplittableRandom(Seeds.derive(o.seed(), "style", spk.id(), emo.ordinal(), g));
            style[g] = 1 - o.style() + 2 * o.style() * sr.nextDouble();
        }
        SplittableRandom r = new SplittableRandom(Seeds.derive(o.seed(), "utt", spk.id(), emo.ordinal(), spec.k()));
        double intensity = spk.expressiveness() / 1000.0
                * (o.intensityMin() + (o.intensityMax() - o.intensityMin()) * r.nextDouble());
        double j = o.jitterPct() / 100.0;
        EmotionParameter[] ps = EmotionParameter.values();
        double[] v = new double[ps.length];
        for (EmotionParameter p : ps) {
            double nv = table.value(lang, SynthEmotion.NEU, p);
            double ev = table.value(lang, emo, p);
            double g = clippedGaussian(r);
            double jitter = p.isProbability() ? 0 : table.jitterSd(p) * j * g;
            v[p.ordinal()] = nv + (ev - nv) * intensity * style[p.styleGroup()] + jitter;
        }
        double base = Math.max(50, spk.f0BaseHz() * (1 + v[EmotionParameter.F0_LEVEL.ordinal()] / 1000));
        double span = Math.max(4, (spk.f0TopHz() - spk.f0BaseHz()) * v[EmotionParameter.F0_SPAN.ordinal()] / 100);
        double wpm = Math.max(80, spk.wordsPerMinute() * v[EmotionParameter.RATE.ordinal()] / 100);
        double amp = clamp(v[EmotionParameter.AMP.ordinal()], 30, 190) / 100.0;
        double gapMs = Math.max(0, v[EmotionParameter.GAP.ordinal()]) * 10;
        double breath = Math.max(0, spk.breath() + v[EmotionParameter.BREATH.ordinal()]);
        double rough = clamp(spk.roughness() + v[EmotionParameter.ROUGH.ordinal()], 0, 7);
        double flutter = Math.max(0, spk.flutter() + v[EmotionParameter.FLUTTER.ordinal()]);
        double tilt = spk.tilt() + v[EmotionParameter.TILT.ordinal()];
        double cons = Math.max(30, spk.consonants() * v[EmotionParameter.CONSONANTS.ordinal()] / 100);
        boolean excl = r.nextDouble() * 100 < v[EmotionParameter.EXCLAMATION.ordinal()];
        boolean emph = r.nextDouble() * 100 < v[EmotionParameter.EMPHASIS.ordinal()];
        int emphWord = r.nextInt(Math.max(1, wordsInSentence));
        double drive = v[EmotionParameter.DRIVE.ordinal()];
        double trem = v[EmotionParameter.TREMOLO.ordinal()];
        double tremHz = 4.5 + 1.9 * r.nextDouble();
        double treble = v[EmotionParameter.TREBLE.ordinal()] / 10.0;
        double lead = 80 + 270 * r.nextDouble();
        double trail = 80 + 270 * r.nextDouble();
        double level = -6 + 12 * new SplittableRandom(Seeds.derive(o.seed(), "level", spk.id())).nextDouble();
        double noiseJitter = 2 * clippedGaussian(r);
        long renderSeed = r.nextLong();
        return new UtteranceParams(intensity, base, base + span, wpm, amp, gapMs, breath, rough, flutter, tilt, cons,
                emph, emphWord, excl, drive >= 1 ? drive : 0, trem >= 3 ? trem : 0, tremHz, treble, lead, trail, level,
                noiseJitter, renderSeed);
    }

    /** Standard normal via Box-Muller (JDK-independent), clipped to +-2.5 as in the reference recipe. */
    static double clippedGaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        double g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return clamp(g, -2.5, 2.5);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** The params.csv columns (numbers formatted with a fixed locale so files are byte-stable). */
    public Map<String, String> columns() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("intensity", f(intensity));
        m.put("f0_base_hz", f(f0BaseHz));
        m.put("f0_top_hz", f(f0TopHz));
        m.put("words_per_minute", f(wordsPerMinute));
        m.put("amplitude", f(amplitude));
        m.put("gap_ms", f(gapMs));
        m.put("breath", f(breath));
        m.put("roughness", f(roughness));
        m.put("flutter", f(flutter));
        m.put("tilt", f(tilt));
        m.put("consonants", f(consonants));
        m.put("emphasis", emphasis ? "1" : "0");
        m.put("exclamation", exclamation ? "1" : "0");
        m.put("overdrive_db", f(overdriveDb));
        m.put("tremolo_pct", f(tremoloPct));
        m.put("tremolo_hz", f(tremoloHz));
        m.put("treble_db", f(trebleDb));
        m.put("lead_ms", f(leadMs));
        m.put("trail_ms", f(trailMs));
        m.put("level_db", f(levelDb));
        m.put("noise_jitter_db", f(noiseJitterDb));
        return m;
    }

    private static String f(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
