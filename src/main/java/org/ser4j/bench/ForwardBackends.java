package org.ser4j.bench;

import java.util.List;

/** The inference backends the bench times, in report order. */
public final class ForwardBackends {
    private ForwardBackends() {}

    public static List<ForwardBackend> all() {
        return List.of(
                new SameDiffForward(),
                // Issue 10 replaces this line with its ONNX Runtime backend (a ForwardBackend over org.ser4j.onnx).
                new UnavailableBackend("onnx", "onnx", "org.ser4j.onnx (ONNX export + ONNX Runtime backend, issue 10) "
                        + "is not in this build yet"));
    }
}
