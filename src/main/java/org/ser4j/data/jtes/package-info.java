/**
 * Level 3: the JTES loader (jtes_v1.1/wav/&lt;spk&gt;/&lt;emo&gt;/&lt;spk&gt;_&lt;emo&gt;_NN.wav) and its documented
 * session assumption. Imports util, audio and data only.
 */
package org.ser4j.data.jtes;
