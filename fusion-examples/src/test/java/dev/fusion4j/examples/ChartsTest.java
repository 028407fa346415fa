package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class ChartsTest {

    /** The PNG a chart was written to, read back. */
    static BufferedImage readPng(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, image.getWidth(), png + " is a PNG of the chart's width");
        assertEquals(Charts.HEIGHT, image.getHeight());
        return image;
    }

    @Test
    void accuracyBarsShowEachModelInOrderAndAreWrittenAsPng(@TempDir Path dir) throws Exception {
        Map<String, Double> accuracies = new LinkedHashMap<>();
        accuracies.put("late fusion (product of experts)", 0.875);
        accuracies.put("early fusion", 0.5);
        accuracies.put("text only", 0.125);
        CategoryChart chart = Charts.accuracyBars("Test accuracy", accuracies);

        assertEquals(List.of("accuracy"), List.copyOf(chart.getSeriesMap().keySet()));
        CategorySeries bars = chart.getSeriesMap().get("accuracy");
        assertEquals(List.of("late fusion (product of experts)", "early fusion", "text only"),
                new ArrayList<>(bars.getXData()));
        assertEquals(List.of(0.875, 0.5, 0.125), new ArrayList<>(bars.getYData()));

        Path png = dir.resolve("new folder").resolve("accuracy.png");
        Charts.writePng(chart, png);
        readPng(png);
    }
}
