/**
 * Level 8: reports built only from run folders. The paper's Tables 2-6 (Markdown and CSV, missing cells marked),
 * a confusion-matrix heatmap in the style of Fig. 4, UAR-vs-step curves, fusion gain against k, and an index.html.
 * Charts use JFreeChart. Imports fusion, eval and util.
 */
package org.ser4j.report;
