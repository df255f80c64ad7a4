/**
 * Level 10: picocli commands for the CLI verbs, the demo and one IDE main per experiment. Nothing imports this
 * package.
 */
package org.ser4j.app;
