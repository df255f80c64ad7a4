/**
 * Level 9, just below {@code app}: studies that answer one question each with the production code and print or write
 * their figures: the synthetic corpus's difficulty calibration, the MFCC baseline on any manifest, fine-tuning from
 * pre-trained vs random encoders, and the domain probe of trained systems. Run by {@code ser4j study ...}; the CLI and
 * the demo may call this package, nothing else depends on it.
 */
package org.ser4j.study;
