package org.ser4j.data.synth;

import java.util.SplittableRandom;

/**
 * Renders control tracks into a waveform (Klatt-style cascade/parallel formant synthesis at 16 kHz): glottal flow
 * derivative plus aspiration noise through a spectral-tilt low-pass, the nasal pole/zero pair and five cascaded
 * formant resonators; frication and bursts through their own band resonator in parallel. Amplitudes and F0 are
 * interpolated per sample; filter coefficients change per 5 ms frame.
 */
final class FormantSynthesiser {
    static final int SAMPLE_RATE = 16000;
    /** Scales the cascade output so that neutral speech at amplitude 1 sits near -22 dBFS RMS. */
    static final double VOICE_GAIN = 4.5;
    static final double ASPIRATION_GAIN = 0.05;
    static final double FRICATION_GAIN = 0.25;

    private FormantSynthesiser() {}

    static float[] render(FrameTracks t, SpeakerProfile speaker, UtteranceParams p, SplittableRandom rng) {
        int n = t.length * FrameTracks.FRAME;
        float[] out = new float[n];
        GlottalSource source = new GlottalSource(SAMPLE_RATE, rng, p.roughness(), p.flutter(), p.breath(), p.tilt());
        Resonator nasalPole = new Resonator(SAMPLE_RATE);
        Resonator nasalZero = new Resonator(SAMPLE_RATE);
        Resonator r1 = new Resonator(SAMPLE_RATE);
        Resonator r2 = new Resonator(SAMPLE_RATE);
        Resonator r3 = new Resonator(SAMPLE_RATE);
        Resonator r4 = new Resonator(SAMPLE_RATE);
        Resonator r5 = new Resonator(SAMPLE_RATE);
        Resonator fric = new Resonator(SAMPLE_RATE);
        double fs45 = speaker.highFormantScale() / 100.0;
        r4.set(3350 * fs45, 250);
        r5.set(Math.min(3850 * fs45, 6500), 300);
        nasalPole.set(270, 100);
        double tiltPole = UtteranceParams.clamp(0.2 - 0.06 * p.tilt(), 0.0, 0.85);
        double breathNoise = 0.01 * p.breath();
        double b1Extra = 6 * p.breath();
        double lnRange = Math.log(p.f0TopHz() / p.f0BaseHz());
        // Pulse trains at a higher F0 carry more energy through the tract; compensate per speaker (not per
        // utterance, so that emotional F0 changes still change loudness a little, as in real voices).
        double voiceGain = VOICE_GAIN * 100.0 / speaker.f0BaseHz();
        long noiseState = rng.nextLong() | 1L;
        double tilted = 0;
        double fricNorm = 1;
        for (int i = 0; i < t.length; i++) {
            int j = Math.min(i + 1, t.length - 1);
            r1.set(t.f1[i], 60 + b1Extra + 0.05 * t.f1[i]);
            r2.set(t.f2[i], 80 + 0.04 * t.f2[i]);
            r3.set(t.f3[i], 120 + 0.03 * t.f3[i]);
            nasalZero.set(t.nz[i], 100);
            if (t.af[i] > 0 || t.af[j] > 0) {
                double fc = t.af[i] > 0 ? t.fc[i] : t.fc[j];
                double fb = t.af[i] > 0 ? t.fb[i] : t.fb[j];
                fric.set(fc, fb);
                fricNorm = 1.0 / fric.gainAt(fc);
            }
            double f0a = p.f0BaseHz() * Math.exp(lnRange * t.pitch[i]);
            double f0b = p.f0BaseHz() * Math.exp(lnRange * t.pitch[j]);
            int base = i * FrameTracks.FRAME;
            for (int s = 0; s < FrameTracks.FRAME; s++) {
                double w = s / (double) FrameTracks.FRAME;
                double av = t.av[i] + w * (t.av[j] - t.av[i]);
                double ah = t.ah[i] + w * (t.ah[j] - t.ah[i]);
                double af = t.af[i] + w * (t.af[j] - t.af[i]);
                double f0 = f0a + w * (f0b - f0a);
                double glottal = source.next(f0);
                noiseState ^= noiseState << 13;
                noiseState ^= noiseState >>> 7;
                noiseState ^= noiseState << 17;
                double noise1 = (noiseState >>> 11) * 0x1.0p-52 - 1.0;
                noiseState ^= noiseState << 13;
                noiseState ^= noiseState >>> 7;
                noiseState ^= noiseState << 17;
                double noise2 = (noiseState >>> 11) * 0x1.0p-52 - 1.0;
                double excitation = av * glottal
                        + noise1 * (ASPIRATION_GAIN * ah + breathNoise * av * (0.3 + source.opening()) * 0.1);
                tilted = (1 - tiltPole) * excitation + tiltPole * tilted;
                double x = nasalZero.antiresonate(nasalPole.resonate(tilted));
                x = r5.resonate(r4.resonate(r3.resonate(r2.resonate(r1.resonate(x)))));
                double y = voiceGain * x;
                if (af > 0) {
                    y += FRICATION_GAIN * af * fricNorm * fric.resonate(noise2);
                }
                out[base + s] = (float) y;
            }
        }
        return out;
    }
}
