/**
 * One IDE main per experiment of the paper, each running {@code ser4j train} on its YAML with no arguments (demo
 * scale unless the YAML says otherwise). Part of app (level 10).
 */
package org.ser4j.app.experiments;
