/**
 * Level 0: hashing, atomic file writes, seeds, typed errors, CSV and {@code .npy} files, and the plain-Java numerics
 * that several levels share (UAR, softmax regression with L-BFGS and Adam). Imports only the JDK.
 */
package org.ser4j.util;
