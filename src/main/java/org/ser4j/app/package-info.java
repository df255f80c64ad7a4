/** Level 9: picocli commands for the CLI verbs and one IDE main per experiment. Nothing imports this package. */
package org.ser4j.app;
