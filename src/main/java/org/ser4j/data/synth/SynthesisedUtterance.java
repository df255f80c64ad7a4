package org.ser4j.data.synth;

import org.ser4j.data.ManifestRow;

/** One generated utterance: its 16 kHz samples, manifest row and synthesis parameters. */
public record SynthesisedUtterance(UtteranceSpec spec, float[] samples, ManifestRow row, UtteranceParams params,
                                   String sentenceText) {
}
