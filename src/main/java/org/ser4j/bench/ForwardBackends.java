package org.ser4j.bench;

import java.util.List;

/** The inference backends the bench times, in report order. */
public final class ForwardBackends {
    private ForwardBackends() {}

    public static List<ForwardBackend> all() {
        return List.of(
                new SameDiffForward(),
                // A backend not in a build is listed as new UnavailableBackend(name, group, why): reported, not hidden.
                new OnnxForward());
    }
}
