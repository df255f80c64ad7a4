/** Level 2: utterances, the canonical manifest and its fingerprint, label sets, folds. Imports util only. */
package org.ser4j.data;
