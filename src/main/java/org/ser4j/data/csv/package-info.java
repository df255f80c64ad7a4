/**
 * Level 3: the generic CSV corpus loader, so that users can bring any corpus (and the synthetic corpus goes through
 * the same path). Imports util, audio and data only.
 */
package org.ser4j.data.csv;
