package org.ser4j.provenance;

/**
 * Software and machine of a run. Java, OS and arch are recorded because floating-point results can differ between
 * platforms; the ND4J backend and thread count because they change speed and, across backends, the numbers.
 */
public record EnvInfo(String ser4jVersion, String javaVersion, String javaVendor, String os, String osVersion,
                      String arch, String nd4jBackend, String ompThreads, int cpus) {

    /** The current JVM; {@code backend} is given by the caller (this package does not load ND4J). */
    public static EnvInfo current(String ser4jVersion, String backend) {
        return new EnvInfo(ser4jVersion, System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                backend, System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
    }
}
