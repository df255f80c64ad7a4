package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code ser4j train --workers N}: each worker JVM gets 1/N of the parent's JavaCPP off-heap limits. */
class TrainWorkersMemoryTest {

    @Test
    void offHeapLimitsAreSplitBetweenWorkersAndOtherArgumentsKept() {
        List<String> own = List.of("-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=17G",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=19G", "-Djava.awt.headless=true");
        long g = 1L << 30;
        List<String> args = TrainCommand.workerJvmArguments(own, 2, 17 * g, 19 * g);
        assertEquals(List.of("-Xmx4g", "-Djava.awt.headless=true",
                "-Dorg.bytedeco.javacpp.maxbytes=" + (17 * g / 2),
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + (19 * g / 2)), args);
    }

    @Test
    void limitsAreAddedWhenTheParentOnlyHadJavaCppDefaults() {
        // An IDE run without -D limits: JavaCPP's defaults still bound the parent; the workers share them.
        List<String> args = TrainCommand.workerJvmArguments(List.of("-Xmx2g"), 3, 3000, 6000);
        assertEquals(List.of("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=1000",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=2000"), args);
    }
}
