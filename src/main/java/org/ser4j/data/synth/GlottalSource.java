package org.ser4j.data.synth;

import java.util.SplittableRandom;

/**
 * Rosenberg (1971) glottal pulses, output as the flow derivative (which includes lip radiation). Per period:
 * jitter (random period perturbation), shimmer (random amplitude perturbation), roughness (alternating period and
 * amplitude, i.e. diplophonia) and flutter (slow quasi-periodic F0 wobble). The open quotient and the closing
 * phase follow voice quality: breathy voice opens longer, tense voice closes faster (brighter spectrum).
 */
final class GlottalSource {
    private static final double REFERENCE_PERIOD = 160.0;
    /** cos on [0, pi] in {@value #TABLE} steps, linearly interpolated: Math.cos per sample dominated the run time. */
    private static final int TABLE = 2048;
    private static final double[] COS = new double[TABLE + 2];

    static {
        for (int i = 0; i < COS.length; i++) {
            COS[i] = Math.cos(Math.PI * i / TABLE);
        }
    }

    /** cos(pi * u) for u in [0, 1]. */
    static double cosPi(double u) {
        double p = u * TABLE;
        int i = (int) p;
        double f = p - i;
        return COS[i] + f * (COS[i + 1] - COS[i]);
    }

    private final double sampleRate;
    private final SplittableRandom rng;
    private final double jitter;
    private final double shimmer;
    private final double roughness;
    private final double flutterDepth;
    private final double openQuotient;
    private final double closingShare;
    private final double flutterPhase1;
    private final double flutterPhase2;

    private double phase;
    private double period = REFERENCE_PERIOD;
    private double periodAmp = 1;
    private double previousFlow;
    private double opening;
    private boolean alternate;
    private long samples;

    GlottalSource(double sampleRate, SplittableRandom rng, double roughness, double flutter, double breath, double tilt) {
        this.sampleRate = sampleRate;
        this.rng = rng;
        this.roughness = roughness;
        this.jitter = 0.006 + 0.004 * roughness;
        this.shimmer = 0.04 + 0.025 * roughness;
        this.flutterDepth = 0.003 * flutter;
        this.openQuotient = UtteranceParams.clamp(0.55 + 0.018 * breath - 0.025 * tilt, 0.35, 0.85);
        this.closingShare = UtteranceParams.clamp(0.32 - 0.03 * tilt, 0.12, 0.5);
        this.flutterPhase1 = 2 * Math.PI * rng.nextDouble();
        this.flutterPhase2 = 2 * Math.PI * rng.nextDouble();
        this.phase = 0;
    }

    /** How open the glottis is now (0..1): aspiration noise is modulated by it. */
    double opening() {
        return opening;
    }

    /** The next sample of the flow derivative for fundamental frequency {@code f0} (Hz). */
    double next(double f0) {
        if (phase >= period) {
            phase -= period;
            double t = samples / sampleRate;
            double wobble = 1 + flutterDepth * (0.6 * Math.sin(2 * Math.PI * 4.3 * t + flutterPhase1)
                    + 0.4 * Math.sin(2 * Math.PI * 7.1 * t + flutterPhase2));
            double p = sampleRate / (f0 * wobble);
            p *= 1 + jitter * UtteranceParams.clippedGaussian(rng);
            alternate = !alternate;
            double alt = alternate ? 0.012 * roughness : -0.012 * roughness;
            period = Math.max(16, p * (1 + alt));
            periodAmp = Math.max(0.1, 1 + shimmer * UtteranceParams.clippedGaussian(rng)
                    - (alternate ? 0.05 * roughness : 0));
        }
        double open = openQuotient * period;
        double rise = open * (1 - closingShare);
        double flow;
        if (phase < rise) {
            flow = 0.5 * (1 - cosPi(phase / rise));
        } else if (phase < open) {
            flow = cosPi(0.5 * (phase - rise) / (open - rise));
        } else {
            flow = 0;
        }
        opening = flow;
        phase += 1;
        samples++;
        double d = (flow - previousFlow) * periodAmp * (period / REFERENCE_PERIOD);
        previousFlow = flow;
        return d;
    }
}
