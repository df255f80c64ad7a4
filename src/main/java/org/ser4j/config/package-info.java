/**
 * Level 1: experiment records as typed Java records bound from YAML (snake_case keys, unknown keys rejected),
 * {@code --set key=value} overrides, the {@code scale: demo|paper} switch, and the resolved config with its SHA-256.
 * Imports util only; never builds graphs or touches data.
 */
package org.ser4j.config;
