/** Level 0: hashing, atomic file writes, seeds, typed errors. Imports only the JDK. */
package org.ser4j.util;
