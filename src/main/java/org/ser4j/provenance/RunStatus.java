package org.ser4j.provenance;

/** Life cycle of a fold run: written as RUNNING before training starts, then DONE or FAILED. */
public enum RunStatus {
    RUNNING, DONE, FAILED
}
