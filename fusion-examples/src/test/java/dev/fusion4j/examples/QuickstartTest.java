package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

    @Test
    void demoDatasetHasItsDocumentedSplitsAndModalities() {
        List<DemoDataset.Item> items = DemoDataset.load();
        assertEquals(800, items.size());
        assertEquals(600, items.stream().filter(DemoDataset.Item::train).count());
        assertTrue(items.subList(0, 600).stream().allMatch(DemoDataset.Item::train), "training split first");
        for (int label = 0; label < 10; label++) {
            int digit = label;
            assertTrue(items.stream().filter(i -> i.label() == digit).count() > 50, "class " + label);
        }
        DemoDataset.Item first = items.get(0);
        assertEquals(8000, first.audio().sampleRate());
        assertTrue(first.audio().duration() > 0.1 && first.audio().duration() < 2, first.audio().toString());
        assertEquals(8, first.image().getWidth());
        assertTrue(!first.caption().isBlank());
    }

    @Test
    void reducedQuickstartTrainsEveryModelAndWritesItsOutputs(@TempDir Path dir) throws Exception {
        Map<String, Double> accuracies = Quickstart.run(new Quickstart.Settings(1, 4, dir, false));
        assertEquals(6, accuracies.size());
        assertTrue(accuracies.get("early fusion") > 0.3, accuracies.toString());
        assertTrue(accuracies.get("cross-attention") > 0.3, accuracies.toString());
        assertTrue(Files.readString(dir.resolve("confusion-matrix.md")).contains("| accuracy |"));
        BufferedImage chart = ImageIO.read(dir.resolve("accuracy.png").toFile());
        assertEquals(800, chart.getWidth());
    }
}
