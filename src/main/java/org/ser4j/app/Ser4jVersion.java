package org.ser4j.app;

import picocli.CommandLine;

/** Prints the ser4j version from the jar manifest (or "dev" when run from classes). */
final class Ser4jVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Ser4j.class.getPackage().getImplementationVersion();
        return new String[] {"ser4j " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")};
    }
}
