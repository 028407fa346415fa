package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /**
     * The README's table is what the full main job prints: it runs here with the README's settings
     * and every line must match, so a change that moves a number fails the build until the README
     * says the new one.
     */
    @Test
    void theReadmeTableIsWhatTheMainJobPrints(@TempDir Path dir) throws Exception {
        Quickstart.Settings full = Quickstart.Settings.full();
        List<String> printed = Quickstart.run(new Quickstart.Settings(full.imageEpochs(), full.epochs(), dir, false))
                .table();
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int first = readme.indexOf(printed.get(0));
        assertTrue(first >= 0, "the README has no quickstart table");
        assertEquals(printed, readme.subList(first, Math.min(readme.size(), first + printed.size())),
                "update the README's table to what the main job prints");
    }

    @Test
    void reducedQuickstartTrainsEveryModelAndWritesItsOutputs(@TempDir Path dir) throws Exception {
        Map<String, Double> accuracies = Quickstart.run(new Quickstart.Settings(1, 4, dir, false)).accuracies();
        assertEquals(6, accuracies.size());
        assertTrue(accuracies.get("early fusion") > 0.3, accuracies.toString());
        assertTrue(accuracies.get("cross-attention") > 0.3, accuracies.toString());
        assertTrue(Files.readString(dir.resolve("confusion-matrix.md")).contains("| accuracy |"));
        ChartsTest.readPng(dir.resolve("accuracy.png"));
    }
}
