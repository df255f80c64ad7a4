package org.ser4j.data.datavec;

import java.nio.file.Path;

/**
 * One utterance ready for batching: where its audio is, its class indices and its expected length at 16 kHz
 * (from the manifest duration; used only to bucket by length before anything is decoded).
 */
public record AudioItem(String uttId, String corpus, String speaker, Path audio, int emotion, int domain,
                        int expectedSamples) {}
