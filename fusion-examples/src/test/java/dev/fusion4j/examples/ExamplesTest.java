package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Modality;
import dev.fusion4j.eval.ModalityReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/** Each example's main path on a reduced setting. */
class ExamplesTest {

    @Test
    void missingModalitiesReportsBothModelsAndDrawsTheirCharts(@TempDir Path dir) throws Exception {
        List<ModalityReport> reports = MissingModalities.run(4, 1, dir);
        assertEquals(2, reports.size());
        for (ModalityReport report : reports) {
            assertTrue(report.all() > 0.2, "accuracy " + report.all());
            assertEquals(11, report.noiseCurve(Modality.AUDIO).length);
            CategoryChart chart = Charts.robustness(report);
            assertEquals(List.of("noise on text", "noise on audio", "noise on image"),
                    List.copyOf(chart.getSeriesMap().keySet()));
            for (Modality modality : report.modalities()) {
                CategorySeries line = chart.getSeriesMap().get("noise on " + modality);
                List<Object> levels = new ArrayList<>(line.getXData());
                assertEquals(List.of("0", "0.1", "100"), List.of(levels.get(0), levels.get(1), levels.get(10)));
                assertArrayEquals(report.noiseCurve(modality),
                        line.getYData().stream().mapToDouble(Number::doubleValue).toArray());
            }
        }
        ChartsTest.readPng(dir.resolve("robustness-plain.png"));
        ChartsTest.readPng(dir.resolve("robustness-dropout.png"));
    }

    /** Chance: precision 0.10 (ten digits), pair recall@10 0.05 (10 of 200 test pairs). */
    @Test
    void crossModalRetrievalBeatsChance() {
        List<CrossModalRetrieval.Result> results = CrossModalRetrieval.run(10, 1);
        assertEquals(2, results.size());
        for (CrossModalRetrieval.Result result : results) {
            assertTrue(result.precisionAt1() > 0.15, result.toString());
            assertTrue(result.precisionAt5() > 0.15, result.toString());
            assertTrue(result.recallAt10() > 0.1, result.toString());
        }
    }

    @Test
    void sensorAlignmentFusesBothStreams() {
        double[] accuracy = SensorAlignment.run(12, 40);
        assertTrue(accuracy[0] > Math.max(accuracy[1], accuracy[2]) + 0.1, "fused " + accuracy[0]
                + " vs accelerometer " + accuracy[1] + " and heart rate " + accuracy[2]);
    }

    /**
     * 150 demo samples as a user's folder: the reloaded pipeline must predict from the files exactly
     * what the trained one did, and beat by a wide margin both chance (0.1, ten classes) and always
     * answering the most frequent class of the held-out rows.
     */
    @Test
    void bringYourOwnDataTrainsSavesLoadsAndPredicts(@TempDir Path dir) throws Exception {
        Path folder = SampleFolder.write(dir.resolve("data"), 150);
        BringYourOwnData.Outcome outcome = BringYourOwnData.run(folder, dir.resolve("model"));
        int tested = outcome.test().size();
        assertTrue(tested >= 25 && tested <= 35, "a fifth of 150 rows is tested, not " + tested);
        assertEquals(tested, outcome.reloaded().size());
        for (int i = 0; i < tested; i++) {
            assertArrayEquals(outcome.trained().get(i).probabilities(), outcome.reloaded().get(i).probabilities(), 1e-6,
                    "test row " + i);
        }
        Map<String, String> labels = DemoDataset.load().subList(0, 150).stream()
                .collect(Collectors.toMap(DemoDataset.Item::id, item -> DemoDataset.LABELS[item.label()]));
        long correct = 0;
        for (int i = 0; i < tested; i++) {
            assertEquals(labels.get(outcome.test().get(i).id()), outcome.test().get(i).label(), "the manifest's label");
            correct += outcome.reloaded().get(i).label().equals(outcome.test().get(i).label()) ? 1 : 0;
        }
        assertEquals(correct / (double) tested, outcome.report().accuracy(), 1e-12);
        long mostFrequent = outcome.test().stream().collect(Collectors.groupingBy(row -> row.label(),
                Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElseThrow();
        double floor = mostFrequent / (double) tested + 0.2;
        assertTrue(outcome.report().accuracy() >= floor, "accuracy " + outcome.report().accuracy() + " below " + floor);
    }
}
