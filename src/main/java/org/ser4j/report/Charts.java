package org.ser4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.GrayPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ser4j.eval.ConfusionMatrix;
import org.ser4j.util.AtomicFiles;

/** PNG charts of a report, drawn with JFreeChart and written atomically. */
final class Charts {
    private Charts() {}

    /**
     * Confusion matrix as in the paper's Fig. 4: rows = truth (top to bottom in label order), columns = prediction,
     * shade and printed value = % of the row.
     */
    static void confusion(Path png, String title, ConfusionMatrix cm) throws IOException {
        List<String> labels = cm.labels();
        int c = labels.size();
        double[][] pct = cm.rowPercent();
        double[] xs = new double[c * c];
        double[] ys = new double[c * c];
        double[] zs = new double[c * c];
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                int i = t * c + p;
                xs[i] = p;
                ys[i] = c - 1 - t; // first label at the top, like the paper
                zs[i] = Double.isNaN(pct[t][p]) ? 0 : pct[t][p];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("row %", new double[][] {xs, ys, zs});
        String[] reversed = new String[c];
        for (int t = 0; t < c; t++) {
            reversed[c - 1 - t] = labels.get(t);
        }
        SymbolAxis x = new SymbolAxis("Predicted", labels.toArray(new String[0]));
        SymbolAxis y = new SymbolAxis("Ground truth", reversed);
        XYBlockRenderer r = new XYBlockRenderer();
        // Light for low, dark for high percentages; inverted grey so the printed numbers stay readable.
        GrayPaintScale scale = new GrayPaintScale(0, 100) {
            @Override
            public java.awt.Paint getPaint(double value) {
                int g = 255 - (int) Math.round(Math.max(0, Math.min(100, value)) * 1.6);
                return new Color(g, g, 255);
            }
        };
        r.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        for (int i = 0; i < zs.length; i++) {
            XYTextAnnotation a = new XYTextAnnotation(String.format(Locale.ROOT, "%.2f", zs[i]), xs[i], ys[i]);
            a.setFont(new Font("SansSerif", Font.BOLD, 14));
            plot.addAnnotation(a);
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.PLAIN, 14), plot, false);
        NumberAxis legendAxis = new NumberAxis("% of row");
        legendAxis.setRange(0, 100);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        save(png, chart, 560, 480);
    }

    /** Lines of y against x, one per named series, e.g. UAR against step per fold, or fusion gain against k. */
    static void lines(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            double[][] xy = e.getValue();
            for (int i = 0; i < xy[0].length; i++) {
                s.add(xy[0][i], xy[1][i]);
            }
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.PLAIN, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        save(png, chart, 640, 420);
    }

    private static void save(Path png, JFreeChart chart, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, w, h);
        AtomicFiles.writeBytes(png, out.toByteArray());
    }
}
