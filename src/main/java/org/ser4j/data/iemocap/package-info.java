/**
 * Level 3: the IEMOCAP loader. Reads the release tree (per-utterance WAVs and the summary lines of the
 * EmoEvaluation files) into a canonical manifest. Imports util, audio and data only.
 */
package org.ser4j.data.iemocap;
