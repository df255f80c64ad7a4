package org.ser4j.bench;

import org.ser4j.nn.hubert.HubertConfig;

/** A backend that is not part of this build: listed so that the report says so instead of silently omitting it. */
public record UnavailableBackend(String name, String group, String unavailableReason) implements ForwardBackend {
    @Override
    public PreparedForward prepare(HubertConfig config, long seed) {
        throw new UnsupportedOperationException(name + ": " + unavailableReason);
    }
}
