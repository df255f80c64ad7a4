package org.ser4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a sentence into control tracks: segment durations (English stress timing with foot compression and reduced
 * vowels; Japanese mora timing with near-equal morae), consonant realisations (closure, burst, aspiration,
 * frication, nasal murmur) and intonation targets (English pitch accents on stressed syllables with downstep and a
 * final fall; Japanese phrase-initial rise, lexical accent fall, downstep after accented phrases).
 */
final class TimelineBuilder {
    /** Reference rate of the intrinsic durations, in words per minute (the tables' neutral rates are 152-196). */
    private static final double REFERENCE_WPM = 175.0;
    private static final double JA_MORA_MS = 135.0;

    private final SpeakerProfile speaker;
    private final UtteranceParams params;
    private final SplittableRandom rng;
    private final FrameTracks tracks = new FrameTracks();
    private final List<double[]> pitchTargets = new ArrayList<>();
    private final double scale;
    private final double fs123;
    private final double consonantGain;
    private double lastF1 = 500;
    private double lastF2 = 1500;
    private double lastF3 = 2500;

    TimelineBuilder(SpeakerProfile speaker, UtteranceParams params, SplittableRandom rng) {
        this.speaker = speaker;
        this.params = params;
        this.rng = rng;
        this.scale = REFERENCE_WPM / params.wordsPerMinute();
        this.fs123 = speaker.formantScale() / 100.0;
        this.consonantGain = params.consonants() / 100.0;
    }

    FrameTracks build(SentencePlan plan) {
        if (plan.language() == SynthLanguage.EN) {
            english(plan);
        } else {
            japanese(plan);
        }
        pause(60);
        fillPitch();
        tracks.smooth(tracks.f1, 14);
        tracks.smooth(tracks.f2, 18);
        tracks.smooth(tracks.f3, 18);
        tracks.smooth(tracks.nz, 10);
        tracks.smooth(tracks.av, 6);
        tracks.smooth(tracks.ah, 4);
        tracks.smooth(tracks.pitch, 25);
        return tracks;
    }

    // ---------------------------------------------------------------- English-like

    private void english(SentencePlan plan) {
        List<Word> words = plan.words();
        int nWords = words.size();
        int totalSyl = plan.syllableCount();
        int lastContent = -1;
        for (int w = 0; w < nWords; w++) {
            if (words.get(w).content()) {
                lastContent = w;
            }
        }
        int sylIndex = 0;
        int accents = 0;
        boolean excl = params.exclamation();
        addPitch(0, 0.30 + 0.05 * UtteranceParams.clippedGaussian(rng));
        for (int w = 0; w < nWords; w++) {
            Word word = words.get(w);
            boolean emph = params.emphasis() && params.emphasisWord() % nWords == w;
            boolean accented = word.content() && (w == lastContent || accents == 0 || rng.nextDouble() < 0.7 || emph);
            List<Syllable> syl = word.syllables();
            for (int s = 0; s < syl.size(); s++) {
                Syllable sy = syl.get(s);
                double progress = (double) sylIndex / Math.max(1, totalSyl - 1);
                boolean sentenceFinal = w == nWords - 1 && s == syl.size() - 1;
                boolean phraseFinal = sentenceFinal || (word.pauseAfter() && s == syl.size() - 1);
                int unstressedFollowing = 0;
                if (sy.stress() == 2) {
                    for (int t = s + 1; t < syl.size() && syl.get(t).stress() < 2; t++) {
                        unstressedFollowing++;
                    }
                    if (s == syl.size() - 1 && w + 1 < nWords && !words.get(w + 1).content()) {
                        unstressedFollowing++;
                    }
                }
                double stressGain = sy.stress() == 2 ? 1.0 : sy.stress() == 1 ? 0.72 : 0.55;
                double amp = params.amplitude() * stressGain * (1.0 - 0.25 * progress) * (emph ? 1.4 : 1.0);
                double vowelMs = sy.nucleus().durationMs() * (sy.stress() == 1 ? 0.75 : 1.0)
                        / (1 + 0.18 * unstressedFollowing) * (emph ? 1.3 : 1.0) * (phraseFinal ? 1.55 : 1.0);
                Phone vowel = sy.nucleus();
                for (int c = 0; c < sy.onset().size(); c++) {
                    Phone next = c + 1 < sy.onset().size() ? sy.onset().get(c + 1) : vowel;
                    boolean afterS = c > 0 && sy.onset().get(c - 1).symbol().equals("s");
                    double vot = !afterS && c + 1 == sy.onset().size() ? (sy.stress() == 2 ? 55 : 35) : 15;
                    consonant(sy.onset().get(c), next, vowel, amp, sy.onset().size() > 1 ? 0.8 : 1.0, vot);
                }
                int vStart = tracks.length;
                vowel(vowel, frames(vowelMs), amp, false);
                int vEnd = tracks.length;
                if (sy.stress() == 2 && accented) {
                    double peak;
                    if (emph) {
                        peak = 1.0 + 0.05 * UtteranceParams.clippedGaussian(rng);
                    } else {
                        peak = (accents == 0 ? 0.78 : 0.62 * Math.pow(0.9, accents)) + 0.08 * UtteranceParams.clippedGaussian(rng);
                    }
                    if (excl && w == lastContent) {
                        peak = Math.max(peak, 1.05);
                    } else if (excl) {
                        peak *= 1.12;
                    }
                    addPitch(Math.max(0, vStart - 12), baseline(progress));
                    addPitch(vStart + 0.55 * (vEnd - vStart), peak);
                    accents++;
                }
                for (int c = 0; c < sy.coda().size(); c++) {
                    Phone next = c + 1 < sy.coda().size() ? sy.coda().get(c + 1) : null;
                    consonant(sy.coda().get(c), next, vowel, amp * 0.85, sy.coda().size() > 1 ? 0.75 : 0.9, 0);
                }
                if (sentenceFinal) {
                    addPitch(tracks.length, excl ? -0.15 : -0.08);
                } else if (phraseFinal) {
                    addPitch(vStart, baseline(progress));
                    addPitch(tracks.length, 0.42 + 0.06 * UtteranceParams.clippedGaussian(rng));
                }
                sylIndex++;
            }
            if (word.pauseAfter()) {
                pause(jitter(190) * scale);
                addPitch(tracks.length, 0.26);
            }
            if (params.gapMs() > 0 && w < nWords - 1) {
                pause(params.gapMs());
            }
        }
    }

    private static double baseline(double progress) {
        return 0.22 - 0.16 * progress;
    }

    // ---------------------------------------------------------------- Japanese-like

    private void japanese(SentencePlan plan) {
        List<Word> phrases = plan.words();
        int n = phrases.size();
        double high = 0.72 + 0.05 * UtteranceParams.clippedGaussian(rng);
        boolean excl = params.exclamation();
        double mora = JA_MORA_MS * scale;
        int totalMorae = plan.syllableCount();
        int moraIndex = 0;
        addPitch(0, 0.25);
        for (int p = 0; p < n; p++) {
            Word ph = phrases.get(p);
            boolean emph = params.emphasis() && params.emphasisWord() % n == p;
            double h = emph ? Math.max(high * 1.25, 0.95) : high;
            if (excl) {
                h *= 1.25;
            }
            List<Syllable> morae = ph.syllables();
            int accent = ph.accentMora();
            for (int m = 0; m < morae.size(); m++) {
                Syllable sy = morae.get(m);
                double progress = (double) moraIndex / Math.max(1, totalMorae - 1);
                boolean last = p == n - 1 && m == morae.size() - 1;
                boolean phraseFinal = last || (ph.pauseAfter() && m == morae.size() - 1);
                double amp = params.amplitude() * 0.9 * (1.0 - 0.22 * progress) * (emph ? 1.35 : 1.0);
                double moraMs = jitter(mora) * (emph ? 1.15 : 1.0) * (phraseFinal ? 1.25 : 1.0);
                // F0 level of this mora: low phrase-initially (unless accent on mora 1), high until the accent, low after.
                double level;
                boolean afterAccent = accent > 0 && m >= accent;
                if (afterAccent) {
                    level = 0.12 * (1 - 0.5 * progress);
                } else if (m == 0 && accent != 1) {
                    level = 0.3 * (1 - 0.4 * progress);
                } else {
                    level = h * (accent == 0 ? 1 - 0.05 * m : 1);
                }
                int start = tracks.length;
                Phone nucleus = sy.nucleus();
                switch (nucleus.kind()) {
                    case MORAIC_NASAL -> moraicNasal(phrases, p, m, frames(moraMs), amp);
                    case GEMINATE -> tracks.emit(frames(moraMs), 0, 0, 0, 0, 1, lastF1, lastF2, lastF3, 270);
                    default -> {
                        double used = 0;
                        for (int c = 0; c < sy.onset().size(); c++) {
                            Phone next = c + 1 < sy.onset().size() ? sy.onset().get(c + 1) : nucleus;
                            used += consonant(sy.onset().get(c), next, nucleus, amp, 0.8, 18);
                        }
                        double vowelMs = Math.max(35, moraMs - used);
                        vowel(nucleus, frames(sy.devoiced() ? vowelMs * 0.8 : vowelMs), amp, sy.devoiced());
                    }
                }
                if (nucleus.kind() != PhoneKind.GEMINATE) {
                    addPitch(start + 0.6 * (tracks.length - start), level);
                }
                if (last) {
                    addPitch(tracks.length, excl ? -0.12 : -0.06);
                }
                moraIndex++;
            }
            if (accent > 0) {
                high *= 0.74;
            } else {
                high *= 0.93;
            }
            if (ph.pauseAfter()) {
                pause(jitter(200) * scale);
                high = Math.max(high, 0.64);
                addPitch(tracks.length, 0.22);
            }
            if (params.gapMs() > 0 && p < n - 1) {
                pause(params.gapMs());
            }
        }
    }

    private void moraicNasal(List<Word> phrases, int p, int m, int frames, double amp) {
        Phone next = null;
        List<Syllable> morae = phrases.get(p).syllables();
        if (m + 1 < morae.size()) {
            Syllable s = morae.get(m + 1);
            next = s.onset().isEmpty() ? null : s.onset().get(0);
        } else if (p + 1 < phrases.size() && !phrases.get(p).pauseAfter()) {
            Syllable s = phrases.get(p + 1).syllables().get(0);
            next = s.onset().isEmpty() ? null : s.onset().get(0);
        }
        String place = next == null ? "N" : switch (next.symbol()) {
            case "p", "b", "m", "ɸ" -> "m";
            case "k", "g" -> "ŋ";
            case "t", "d", "n", "ts", "dz", "s", "z", "ɾ", "tʃ", "dʒ", "ʃ" -> "n";
            default -> "N";
        };
        Phone nasal = PhoneSet.get(place);
        tracks.emit(frames, amp * 0.6, 0, 0, 0, 1, 260 * fs123, nasal.f2() * fs123, nasal.f3() * fs123,
                nasal.nasalZeroHz());
    }

    // ---------------------------------------------------------------- segments

    private void vowel(Phone v, int frames, double amp, boolean devoiced) {
        double voice = devoiced ? 0 : amp;
        double asp = devoiced ? amp * 0.5 : 0;
        if (v.isDiphthong()) {
            int first = Math.max(1, (int) Math.round(frames * 0.4));
            tracks.emit(first, voice, asp, 0, 0, 1, v.f1() * fs123, v.f2() * fs123, v.f3() * fs123, 270);
            tracks.emit(Math.max(1, frames - first), voice, asp, 0, 0, 1, v.g1() * fs123, v.g2() * fs123,
                    v.g3() * fs123, 270);
            lastF1 = v.g1() * fs123;
            lastF2 = v.g2() * fs123;
            lastF3 = v.g3() * fs123;
        } else {
            tracks.emit(frames, voice, asp, 0, 0, 1, v.f1() * fs123, v.f2() * fs123, v.f3() * fs123, 270);
            lastF1 = v.f1() * fs123;
            lastF2 = v.f2() * fs123;
            lastF3 = v.f3() * fs123;
        }
    }

    /**
     * Emits one consonant and returns the milliseconds it took. {@code next} is the following phone (null at a word
     * end), {@code vowel} the syllable's nucleus, whose formants aspiration and /h/ take on.
     */
    private double consonant(Phone c, Phone next, Phone vowel, double amp, double durFactor, double votMs) {
        double dur = jitter(c.durationMs()) * durFactor * scale;
        double l1 = c.f1() * fs123;
        double l2 = c.f2() * fs123;
        double l3 = c.f3() * fs123;
        double noise = c.noiseGain() * consonantGain * amp;
        double vf1 = vowel.f1() * fs123;
        double vf2 = vowel.f2() * fs123;
        double vf3 = vowel.f3() * fs123;
        boolean releasedIntoVowel = next != null && (next.isVowel() || next.kind() == PhoneKind.LIQUID
                || next.kind() == PhoneKind.GLIDE);
        double used = 0;
        switch (c.kind()) {
            case PLOSIVE, AFFRICATE -> {
                double closure = dur * (c.kind() == PhoneKind.AFFRICATE ? 0.45 : 0.6);
                int cf = frames(closure);
                tracks.emit(cf, c.voiced() ? amp * 0.12 : 0, 0, 0, 0, 1, 200 * fs123, l2, l3, 270);
                tracks.emit(1, c.voiced() ? amp * 0.3 : 0, 0, noise * 1.8, c.noiseHz(), c.noiseBw(), l1, l2, l3, 270);
                used += (cf + 1) * FrameTracks.FRAME_MS;
                if (c.kind() == PhoneKind.AFFRICATE) {
                    int ff = frames(dur * 0.55);
                    tracks.emit(ff, c.voiced() ? amp * 0.35 : 0, 0, noise, c.noiseHz(), c.noiseBw(), l1, l2, l3, 270);
                    used += ff * FrameTracks.FRAME_MS;
                } else if (!c.voiced() && releasedIntoVowel && votMs > 0) {
                    int vf = frames(votMs * Math.sqrt(scale));
                    tracks.emit(vf, 0, amp * 0.32 * consonantGain, noise * 0.15, c.noiseHz(), c.noiseBw(),
                            (l1 + vf1) / 2, (l2 + vf2) / 2, (l3 + vf3) / 2, 270);
                    used += vf * FrameTracks.FRAME_MS;
                }
            }
            case FRICATIVE -> {
                int ff = frames(dur);
                if (c.symbol().equals("h")) {
                    tracks.emit(ff, 0, amp * 0.35 * consonantGain, 0, 0, 1, vf1, vf2, vf3, 270);
                } else {
                    tracks.emit(ff, c.voiced() ? amp * 0.4 : 0, 0, noise, c.noiseHz(), c.noiseBw(), l1, l2, l3, 270);
                }
                used += ff * FrameTracks.FRAME_MS;
            }
            case NASAL -> {
                int nf = frames(dur);
                tracks.emit(nf, amp * 0.6, 0, 0, 0, 1, l1, l2, l3, c.nasalZeroHz());
                used += nf * FrameTracks.FRAME_MS;
            }
            case LIQUID, GLIDE -> {
                int nf = frames(dur);
                tracks.emit(nf, amp * 0.72, 0, 0, 0, 1, l1, l2, l3, 270);
                used += nf * FrameTracks.FRAME_MS;
            }
            case FLAP -> {
                int nf = Math.max(2, frames(dur));
                tracks.emit(nf, amp * 0.4, 0, 0, 0, 1, l1, l2, l3, 270);
                used += nf * FrameTracks.FRAME_MS;
            }
            default -> throw new IllegalStateException("not a consonant: " + c.symbol());
        }
        return used;
    }

    private void pause(double ms) {
        int n = frames(ms);
        if (n > 0) {
            tracks.emit(n, 0, 0, 0, 0, 1, lastF1, lastF2, lastF3, 270);
        }
    }

    private static int frames(double ms) {
        return Math.max(1, (int) Math.round(ms / FrameTracks.FRAME_MS));
    }

    /** Natural timing variation: about 10 % per segment. */
    private double jitter(double ms) {
        return ms * Math.exp(0.1 * UtteranceParams.clippedGaussian(rng));
    }

    private void addPitch(double frame, double value) {
        pitchTargets.add(new double[] {frame, value});
    }

    /** Linear interpolation between the intonation targets (held before the first and after the last). */
    private void fillPitch() {
        pitchTargets.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] p = tracks.pitch;
        int j = 0;
        for (int i = 0; i < tracks.length; i++) {
            while (j + 1 < pitchTargets.size() && pitchTargets.get(j + 1)[0] <= i) {
                j++;
            }
            double[] a = pitchTargets.get(j);
            if (j + 1 >= pitchTargets.size() || i < a[0]) {
                p[i] = a[1];
            } else {
                double[] b = pitchTargets.get(j + 1);
                double t = (i - a[0]) / Math.max(1e-9, b[0] - a[0]);
                p[i] = a[1] + t * (b[1] - a[1]);
            }
        }
    }
}
