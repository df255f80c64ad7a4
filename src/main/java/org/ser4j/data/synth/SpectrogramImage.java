package org.ser4j.data.synth;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.ser4j.audio.Fft;
import org.ser4j.util.AtomicFiles;

/**
 * A log-power spectrogram as a PNG (Java2D only): 32 ms Hann windows every 10 ms, 0-8 kHz, 70 dB of dynamic range
 * below the utterance's maximum, a heat colour map, a kHz axis and a title.
 */
public final class SpectrogramImage {
    private static final int WINDOW = 512;
    private static final int HOP = 160;
    private static final int LEFT = 42;
    private static final int TOP = 22;
    private static final int BOTTOM = 18;
    private static final double RANGE_DB = 70;

    private SpectrogramImage() {}

    public static BufferedImage render(float[] x, int sampleRate, String title) {
        int frames = Math.max(1, (x.length - WINDOW) / HOP + 1);
        int bins = WINDOW / 2;
        double[][] db = new double[frames][bins];
        Fft fft = new Fft(WINDOW);
        double[] re = new double[WINDOW];
        double[] im = new double[WINDOW];
        double[] frame = new double[WINDOW];
        double[] power = new double[WINDOW / 2 + 1];
        double max = -1e9;
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < WINDOW; i++) {
                int idx = t * HOP + i;
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW);
                frame[i] = idx < x.length ? x[idx] * w : 0;
            }
            fft.powerSpectrum(frame, WINDOW, power, re, im);
            for (int k = 0; k < bins; k++) {
                db[t][k] = 10 * Math.log10(power[k] + 1e-12);
                max = Math.max(max, db[t][k]);
            }
        }
        int height = bins;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titleWidth = probe.getFontMetrics(font).stringWidth(title);
        probe.dispose();
        int width = Math.max(LEFT + frames + 8, LEFT + titleWidth + 8);
        BufferedImage img = new BufferedImage(width, TOP + height + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < bins; k++) {
                double v = Math.max(0, Math.min(1, (db[t][k] - (max - RANGE_DB)) / RANGE_DB));
                img.setRGB(LEFT + t, TOP + height - 1 - k, heat(v));
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(font);
        for (int khz = 0; khz <= sampleRate / 2000; khz += 2) {
            int y = TOP + height - 1 - (int) Math.round(khz * 1000.0 / (sampleRate / 2.0) * (bins - 1));
            g.drawLine(LEFT - 4, y, LEFT - 1, y);
            g.drawString(khz + "k", 8, y + 4);
        }
        for (int s = 0; s * sampleRate / HOP < frames; s++) {
            int xPix = LEFT + s * sampleRate / HOP;
            g.drawLine(xPix, TOP + height, xPix, TOP + height + 4);
            g.drawString(s + " s", xPix + 2, TOP + height + 14);
        }
        g.drawString(title, LEFT, 15);
        g.dispose();
        return img;
    }

    /** Black - red - yellow - white. */
    private static int heat(double v) {
        int r = (int) Math.round(255 * Math.min(1, v * 2.2));
        int gr = (int) Math.round(255 * Math.max(0, Math.min(1, v * 2.2 - 0.9)));
        int b = (int) Math.round(255 * Math.max(0, Math.min(1, v * 3 - 2.2)));
        return (r << 16) | (gr << 8) | b;
    }

    public static void writePng(Path file, BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new UncheckedIOException(new IOException("no PNG writer available"));
        }
        AtomicFiles.writeBytes(file, out.toByteArray());
    }
}
