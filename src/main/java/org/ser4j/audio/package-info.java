/** Level 1: WAV decoding and encoding, resampling to 16 kHz, waveform normalisation, FFT / log-mel / MFCC features. Imports util only. */
package org.ser4j.audio;
