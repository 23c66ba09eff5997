package org.tgssalt.train.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.tgssalt.io.AtomicFile;

/**
 * Draws a fold's curves as {@code curves.png}: the training loss parts (left) and the validation mAP
 * (right) per epoch, so a person can see at a glance whether and when training converged.
 */
public final class CurvesPlot {
    /** File name inside the fold directory. */
    public static final String FILE_NAME = "curves.png";

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 450;

    /** Renders the history and writes {@code curves.png} into {@code dir} atomically. */
    public void write(List<EpochRecord> epochs, String title, Path dir) throws IOException {
        XYChart losses = chart(title + ": training loss", "loss");
        addSeries(losses, epochs, "total", EpochRecord::loss);
        addSeries(losses, epochs, "cross-entropy", EpochRecord::crossEntropy);
        addSeries(losses, epochs, "Lovász", EpochRecord::lovasz);
        addSeries(losses, epochs, "auxiliary", EpochRecord::auxiliary);
        addSeries(losses, epochs, "topology", EpochRecord::topology);
        XYChart score = chart(title + ": validation", "mAP");
        addSeries(score, epochs, "validation mAP", EpochRecord::validationMap);
        // mAP lives in [0, 1]: a fixed axis keeps a flat run visible and folds comparable side by side.
        score.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);

        java.awt.image.BufferedImage left = BitmapEncoder.getBufferedImage(losses);
        java.awt.image.BufferedImage right = BitmapEncoder.getBufferedImage(score);
        java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(
                left.getWidth() + right.getWidth(), Math.max(left.getHeight(), right.getHeight()),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = both.createGraphics();
        try {
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(both, "png", png);
        AtomicFile.write(dir.resolve(FILE_NAME), out -> png.writeTo(out));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(4);
        return chart;
    }

    /** Adds the finite values of one column; a column with none (topology off) is left out. */
    private static void addSeries(XYChart chart, List<EpochRecord> epochs, String name,
                                  ToDoubleFunction<EpochRecord> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochRecord e : epochs) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                x.add((double) e.epoch());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = chart.addSeries(name, x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
    }
}
