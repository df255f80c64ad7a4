package org.ser4j.data.synth;

import java.util.SplittableRandom;

/**
 * The recording channel of a session: leading/trailing silence, reverberation (Schroeder: four damped parallel
 * combs and two all-passes), a 200 Hz bass shelf, a one-octave peaking band, Butterworth high- and low-pass, the
 * session gain plus the speaker's level with a soft limiter (nothing hard-clips), then a pink-noise floor band-limited
 * like the channel. The noise level is {@code noise_db} dB of RMS re. full scale, plus the per-utterance jitter.
 */
final class RecordingChannel {
    private static final int[] COMB_DELAYS = {565, 587, 541, 516};
    private static final int[] ALLPASS_DELAYS = {202, 160};

    private RecordingChannel() {}

    static float[] apply(float[] dry, ChannelProfile ch, UtteranceParams p, double fs, SplittableRandom rng) {
        int lead = (int) Math.round(p.leadMs() / 1000 * fs);
        int trail = (int) Math.round(p.trailMs() / 1000 * fs);
        float[] x = new float[lead + dry.length + trail];
        System.arraycopy(dry, 0, x, lead, dry.length);
        if (ch.reverbPct() > 0) {
            reverb(x, ch.reverbPct(), fs);
        }
        Biquad.lowShelf(fs, 200, ch.bassDb()).apply(x);
        Biquad.peaking(fs, ch.eqHz(), ch.eqDb(), 1.0).apply(x);
        Biquad.highPass(fs, ch.highPassHz()).apply(x);
        Biquad.lowPass(fs, Math.min(ch.lowPassHz(), 0.47 * fs)).apply(x);
        double gain = Math.pow(10, (ch.gainDb() + p.levelDb()) / 20);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) limit(x[i] * gain);
        }
        float[] noise = pinkNoise(x.length, rng);
        Biquad.highPass(fs, ch.highPassHz() / 2 + 20).apply(noise);
        Biquad.lowPass(fs, Math.min(ch.lowPassHz(), 0.47 * fs)).apply(noise);
        double ss = 0;
        for (float v : noise) {
            ss += v * (double) v;
        }
        double rms = Math.sqrt(ss / Math.max(1, noise.length));
        double target = Math.pow(10, (ch.noiseDb() + p.noiseJitterDb()) / 20);
        double k = rms > 0 ? target / rms : 0;
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (k * noise[i]);
        }
        return x;
    }

    /**
     * Soft limiter: linear below 0.9, then a tanh knee that stays below 0.98, so that the noise floor added
     * afterwards never reaches full scale (PCM16 -32768 reads back as exactly -1.0).
     */
    static double limit(double v) {
        double a = Math.abs(v);
        if (a <= 0.9) {
            return v;
        }
        return Math.signum(v) * (0.9 + 0.08 * Math.tanh((a - 0.9) / 0.08));
    }

    private static void reverb(float[] x, double pct, double fs) {
        double rt60 = 0.25 + 0.012 * pct;
        double wet = pct / 100.0 * 3.0;
        int n = x.length;
        double[] sum = new double[n];
        for (int d0 : COMB_DELAYS) {
            int d = (int) Math.round(d0 * fs / 16000);
            double g = Math.pow(10, -3.0 * d / (rt60 * fs));
            double[] buf = new double[d];
            double lp = 0;
            int idx = 0;
            for (int i = 0; i < n; i++) {
                double out = buf[idx];
                lp = 0.7 * out + 0.3 * lp;
                buf[idx] = x[i] + g * lp;
                idx = idx + 1 == d ? 0 : idx + 1;
                sum[i] += out * 0.25;
            }
        }
        for (int d0 : ALLPASS_DELAYS) {
            int d = (int) Math.round(d0 * fs / 16000);
            double[] buf = new double[d];
            int idx = 0;
            for (int i = 0; i < n; i++) {
                double delayed = buf[idx];
                double in = sum[i];
                double out = -0.6 * in + delayed;
                buf[idx] = in + 0.6 * out;
                idx = idx + 1 == d ? 0 : idx + 1;
                sum[i] = out;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = (float) (x[i] + wet * sum[i]);
        }
    }

    /** Pink (1/f) noise by Paul Kellet's refined filter of white noise. */
    static float[] pinkNoise(int n, SplittableRandom rng) {
        float[] out = new float[n];
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        double b4 = 0;
        double b5 = 0;
        double b6 = 0;
        for (int i = 0; i < n; i++) {
            double white = 2 * rng.nextDouble() - 1;
            b0 = 0.99886 * b0 + white * 0.0555179;
            b1 = 0.99332 * b1 + white * 0.0750759;
            b2 = 0.96900 * b2 + white * 0.1538520;
            b3 = 0.86650 * b3 + white * 0.3104856;
            b4 = 0.55000 * b4 + white * 0.5329522;
            b5 = -0.7616 * b5 - white * 0.0168980;
            out[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362);
            b6 = white * 0.115926;
        }
        return out;
    }
}
