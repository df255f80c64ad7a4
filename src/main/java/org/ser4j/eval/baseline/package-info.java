/**
 * Level 4 (inherits eval): the classical SER baseline used to calibrate the synthetic corpus. Utterance features are
 * the mean and standard deviation of 40 MFCCs over all frames; a multinomial logistic regression with L2 penalty is
 * trained by L-BFGS on features standardised with training-fold statistics; results are UARs under
 * leave-one-session-out and cross-language protocols. Plain Java, no ND4J, so it is an independent check of what the
 * neural models learn.
 */
package org.ser4j.eval.baseline;
