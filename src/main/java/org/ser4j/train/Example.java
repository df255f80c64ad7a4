package org.ser4j.train;

/**
 * One labelled utterance as training sees it: ids for the outputs, class indices for the losses.
 *
 * @param emotion index into the experiment's label order
 * @param domain  index into the experiment's domain order (the true domain; fake-domain training overrides it)
 * @param samples length of the 16 kHz waveform, used to group evaluation batches by length
 */
public record Example(String uttId, String corpus, String language, String speaker, int session, int emotion,
                      int domain, int samples) {
}
