package dev.fusion4j.cli;

import dev.fusion4j.data.Modality;
import dev.fusion4j.eval.ModalityReport;
import dev.fusion4j.model.Evaluation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** What the commands print and draw about a model's quality. */
final class Reports {
    private Reports() {
    }

    /** Accuracy, macro-F1, the confusion matrix and the per-class report, as Markdown. */
    static void evaluation(Evaluation evaluation, PrintWriter out) {
        out.printf(Locale.ROOT, "accuracy %.4f, macro-F1 %.4f on %d samples%n%n", evaluation.accuracy(),
                evaluation.macroF1(), evaluation.samples());
        out.println(evaluation.toMarkdown());
        out.println(evaluation.classificationReport().toMarkdown());
    }

    /**
     * Draws the report's noise curves, one line per modality, the noise level on a log axis (the
     * level 0 is left out), to a PNG file; creates its folder.
     */
    static void robustnessChart(ModalityReport report, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Robustness to noise on one modality")
                .xAxisTitle("noise std / feature std").yAxisTitle(report.metricName()).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        double[] levels = ModalityReport.noiseLevels();
        double[] x = Arrays.copyOfRange(levels, 1, levels.length);
        for (Modality modality : report.modalities()) {
            double[] curve = report.noiseCurve(modality);
            chart.addSeries(String.format(Locale.ROOT, "noise on %s (%s alone %.3f)", modality, report.metricName(),
                    report.alone(modality)), x, Arrays.copyOfRange(curve, 1, curve.length));
        }
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream file = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, file, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
