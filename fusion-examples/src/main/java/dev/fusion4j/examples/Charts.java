package dev.fusion4j.examples;

import dev.fusion4j.data.Modality;
import dev.fusion4j.eval.ModalityReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/** The examples' charts (XChart), {@value #WIDTH} × {@value #HEIGHT} pixels. */
final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private Charts() {
    }

    /** One bar per model, labelled with its accuracy, on a 0 to 1 axis. */
    static CategoryChart accuracyBars(String title, Map<String, Double> accuracies) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .yAxisTitle("accuracy").build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setXAxisLabelRotation(20);
        styler.setLabelsVisible(true);
        styler.setDecimalPattern("0.000");
        chart.addSeries("accuracy", new ArrayList<>(accuracies.keySet()), new ArrayList<>(accuracies.values()));
        return chart;
    }

    /** One line per modality: the report's metric at each noise level on that modality. */
    static CategoryChart robustness(ModalityReport report) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Robustness to noise on one modality").xAxisTitle("noise std ÷ feature std (log scale)")
                .yAxisTitle(report.metricName()).build();
        CategoryStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        styler.setOverlapped(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideSW);
        styler.setYAxisMin(0.0);
        DecimalFormat shortest = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        List<String> levels = Arrays.stream(ModalityReport.noiseLevels()).mapToObj(shortest::format).toList();
        for (Modality modality : report.modalities()) {
            chart.addSeries("noise on " + modality, levels,
                    Arrays.stream(report.noiseCurve(modality)).boxed().toList());
        }
        return chart;
    }

    /** Writes {@code chart} to {@code png}, creating its folder. */
    static void writePng(Chart<?, ?> chart, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
