/**
 * Level 2: run provenance records (git state, seeds, data fingerprints, software and machine) and their atomic
 * JSON writer. Imports util and config only; callers pass in facts that need higher levels (e.g. the ND4J backend).
 */
package org.ser4j.provenance;
