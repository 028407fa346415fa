package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.data.BatchLabels;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each head kind's decoding, loss, labels, metrics and output layer on small cases worked out by
 * hand. Logits are logarithms so that the softmax and sigmoid come out as simple fractions.
 */
class HeadTest {
    private static final double EPS = 1e-6;
    private static final double LN2 = Math.log(2);
    private static final double LN3 = Math.log(3);

    static Stream<String> backends() {
        return Stream.of("djl", "nd4j");
    }

    private static Prediction decode(Head head, boolean late, float[] output, int row) {
        return Objective.forPrediction(head, late).prediction(output, row);
    }

    @Test
    void classificationDecodesRowsBySoftmaxOrTakesLateFusionsProbabilities() {
        Head head = Head.classification("a", "b", "c");
        // row 1: logits (0, ln 3, ln 4) → (1, 3, 4) / 8
        float[] output = {9, 9, 9, 0, (float) LN3, (float) Math.log(4)};
        Prediction p = decode(head, false, output, 1);
        assertArrayEquals(new double[] {1 / 8.0, 3 / 8.0, 4 / 8.0}, p.probabilities(), EPS);
        assertEquals(2, p.classIndex());
        assertEquals("c", p.label());
        assertEquals(3 / 8.0, p.probability("b"), EPS);
        assertThrows(IllegalStateException.class, p::values);
        assertThrows(IllegalStateException.class, () -> p.labelsAbove(0.5));

        Prediction late = decode(head, true, new float[] {0.2f, 0.7f, 0.1f}, 0);
        assertArrayEquals(new double[] {0.2, 0.7, 0.1}, late.probabilities(), EPS);
        assertEquals("b", late.label());
    }

    @Test
    void multiLabelDecodesEachLabelBySigmoid() {
        Head head = Head.multiLabel("x", "y", "z");
        // sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4
        Prediction p = decode(head, false, new float[] {5, 5, 5, 0, (float) LN3, (float) -LN3}, 1);
        assertArrayEquals(new double[] {0.5, 0.75, 0.25}, p.probabilities(), EPS);
        assertEquals(List.of("x", "y"), p.labelsAbove(0.5));
        assertEquals(List.of("y"), p.labelsAbove(0.6));
        assertThrows(IllegalStateException.class, p::classIndex);
        assertThrows(IllegalStateException.class, p::values);
    }

    @Test
    void regressionDecodesValuesAsTheyAre() {
        Prediction p = decode(Head.regression("u", "v"), false, new float[] {1, 2, -3.5f, 40}, 1);
        assertArrayEquals(new double[] {-3.5, 40}, p.values(), EPS);
        assertThrows(IllegalStateException.class, p::probabilities);
        assertThrows(IllegalStateException.class, () -> p.probability("u"));
        assertThrows(IllegalStateException.class, p::classIndex);
        assertThrows(IllegalStateException.class, () -> p.labelsAbove(0.5));
    }

    @Test
    void embeddingDecodesTheEmbeddingAndTheSoftmaxOfItsCosines() {
        Head head = Head.embedding(2, "a", "b", "c");
        // rows of [e (2), scaled cosines (3)]; row 1's cosines (ln 2, 0, 0) → (2, 1, 1) / 4
        float[] output = {1, 0, 7, 7, 7, 0.6f, 0.8f, (float) LN2, 0, 0};
        Prediction p = decode(head, false, output, 1);
        assertArrayEquals(new double[] {0.6, 0.8}, p.values(), EPS);
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, p.probabilities(), EPS);
        assertEquals("a", p.label());
        assertThrows(IllegalStateException.class, () -> p.labelsAbove(0.5));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void classificationLossIsTheClassWeightedCrossEntropy(String backendName) {
        TensorBackend b = Backends.named(backendName);
        Head head = Head.classification("a", "b", "c");
        // sample 0 of class 2 with logits (0, ln 3, ln 4): p = 1/2; sample 1 of class 0 with (ln 2, 0, ln 5): p = 1/4
        float[] logits = {0, (float) LN3, (float) Math.log(4), (float) LN2, 0, (float) Math.log(5)};
        BatchLabels labels = classLabels(2, 0);
        double[] weights = {1, 1, 3};
        Objective objective = new Objective(head, false, weights, TrainingOptions.RegressionLoss.MSE);
        double expected = -(3 * Math.log(0.5) + Math.log(0.25)) / 4;
        assertEquals(expected, loss(objective, b, logits, 2, 3, labels), 1e-5);
        double unweighted = -(Math.log(0.5) + Math.log(0.25)) / 2;
        assertEquals(unweighted, loss(Objective.forPrediction(head, false), b, logits, 2, 3, labels), 1e-5);

        // after late fusion the output is the probabilities themselves
        float[] probabilities = {0.1f, 0.4f, 0.5f, 0.25f, 0.25f, 0.5f};
        assertEquals(unweighted, loss(Objective.forPrediction(head, true), b, probabilities, 2, 3, labels), 1e-5);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void embeddingLossIsTheCrossEntropyOfTheCosinesAlone(String backendName) {
        TensorBackend b = Backends.named(backendName);
        Head head = Head.embedding(2, "a", "b");
        // the embedding columns (large on purpose) do not take part: cosines (ln 3, 0) of class 0 give p = 3/4
        float[] output = {50, -50, (float) LN3, 0};
        double weighted = -Math.log(0.75);
        Objective objective = new Objective(head, false, new double[] {2, 1}, TrainingOptions.RegressionLoss.MSE);
        assertEquals(weighted, loss(objective, b, output, 1, 4, classLabels(0)), 1e-5);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void multiLabelLossIsTheMeanBinaryCrossEntropy(String backendName) {
        TensorBackend b = Backends.named(backendName);
        Head head = Head.multiLabel("x", "y");
        // logits (0, ln 3): p = (1/2, 3/4); targets (1, 0)
        float[] logits = {0, (float) LN3};
        double expected = -(Math.log(0.5) + Math.log(0.25)) / 2;
        assertEquals(expected, loss(Objective.forPrediction(head, false), b, logits, 1, 2, valueLabels(1, 0)), 1e-5);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void regressionLossIsTheChosenMeanError(String backendName) {
        TensorBackend b = Backends.named(backendName);
        Head head = Head.regression("u", "v");
        float[] predicted = {1, 5};
        BatchLabels targets = valueLabels(2, 2);   // errors -1 and 3
        assertEquals((1 + 9) / 2.0, loss(new Objective(head, false, null, TrainingOptions.RegressionLoss.MSE), b,
                predicted, 1, 2, targets), 1e-5);
        assertEquals((1 + 3) / 2.0, loss(new Objective(head, false, null, TrainingOptions.RegressionLoss.L1), b,
                predicted, 1, 2, targets), 1e-5);
    }

    @Test
    void eachHeadAcceptsOnlyItsLabels() {
        Head classes = Head.classification("a", "b");
        Head embedding = Head.embedding(3, "a", "b");
        for (Head head : List.of(classes, embedding)) {
            head.requireLabel(Label.ofClass(1), "s");
            assertThrows(InvalidLabelException.class, () -> head.requireLabel(Label.ofClass(2), "s"));
            assertThrows(InvalidLabelException.class, () -> head.requireLabel(Label.ofValues(1), "s"));
        }
        Head labels = Head.multiLabel("x", "y");
        labels.requireLabel(Label.ofValues(0, 1), "s");
        assertThrows(InvalidLabelException.class, () -> labels.requireLabel(Label.ofValues(0, 0.5f), "s"));
        assertThrows(InvalidLabelException.class, () -> labels.requireLabel(Label.ofValues(1), "s"));
        assertThrows(InvalidLabelException.class, () -> labels.requireLabel(Label.ofClass(0), "s"));
        Head values = Head.regression("u");
        values.requireLabel(Label.ofValues(0.5f), "s");
        InvalidLabelException wrongWidth = assertThrows(InvalidLabelException.class,
                () -> values.requireLabel(Label.ofValues(1, 2), "sample 7"));
        assertTrue(wrongWidth.getMessage().startsWith("sample 7 "), wrongWidth.getMessage());
        assertThrows(InvalidLabelException.class, () -> values.requireLabel(Label.ofClass(0), "s"));
    }

    @Test
    void classificationMetricsFromAHandCountedConfusionMatrix() {
        Head head = Head.classification("a", "b", "c");
        // actual 0 0 1 1 2 2, predicted 0 1 1 1 2 0 (as in MetricsTest)
        int[] predicted = {0, 1, 1, 1, 2, 0};
        List<Prediction> predictions = new ArrayList<>();
        for (int c : predicted) {
            float[] row = {0, 0, 0};
            row[c] = 0.9f;
            predictions.add(decode(head, true, row, 0));
        }
        Evaluation e = head.evaluate(predictions, samples(Label.ofClass(0), Label.ofClass(0), Label.ofClass(1),
                Label.ofClass(1), Label.ofClass(2), Label.ofClass(2)));
        assertEquals(4 / 6.0, e.accuracy(), EPS);
        assertEquals((0.5 + 0.8 + 2 / 3.0) / 3, e.macroF1(), EPS);
        assertArrayEquals(new int[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}}, e.confusionMatrix());
        // b: TP 2, FP 1, FN 0 → precision 2/3, recall 1, F1 0.8
        Evaluation.ClassificationReport.Scores b = e.classificationReport().perClass().get(1);
        assertEquals(List.of(2 / 3.0, 1.0, 0.8), List.of(b.precision(), b.recall(), b.f1()));
        assertEquals(e.macroF1(), e.classificationReport().macroAverage().f1(), EPS);
        assertEquals(head.names(), e.classificationReport().classNames());
        assertTrue(Double.isNaN(e.auroc()), "AUROC is for two classes");
        assertEquals(e.accuracy(), e.primaryMetric());
        assertEquals("accuracy", e.primaryMetricName());
        assertTrue(e.higherIsBetter());
        assertTrue(Double.isNaN(e.rootMeanSquaredError()));
        assertEquals("| metric | value |\n|---|---|\n| samples | 6 |\n" + rows("accuracy", 4 / 6.0, "macro-F1",
                (0.5 + 0.8 + 2 / 3.0) / 3) + "\n| actual \\ predicted | a | b | c |\n|---|---|---|---|\n"
                + "| a | 1 | 1 | 0 |\n| b | 0 | 2 | 0 |\n| c | 1 | 0 | 1 |\n", e.toMarkdown());
    }

    @Test
    void twoClassMetricsIncludeTheAurocOfTheSecondClass() {
        Head head = Head.embedding(2, "no", "yes");
        // p(yes) by cosines (0, c): 1 / (1 + e^-c); scores 0.2, 0.6 for "no", 0.4, 0.9 for "yes":
        // of the 4 (yes, no) pairs, 3 are ordered correctly → AUROC 0.75
        double[] yes = {0.2, 0.6, 0.4, 0.9};
        List<Prediction> predictions = new ArrayList<>();
        for (double p : yes) {
            predictions.add(decode(head, false, new float[] {1, 0, 0, (float) Math.log(p / (1 - p))}, 0));
        }
        Evaluation e = head.evaluate(predictions, samples(Label.ofClass(0), Label.ofClass(0), Label.ofClass(1),
                Label.ofClass(1)));
        assertEquals(0.75, e.auroc(), EPS);
        assertEquals(0.5, e.accuracy(), EPS);   // predicted no, yes, no, yes
        assertArrayEquals(new int[][] {{1, 1}, {1, 1}}, e.confusionMatrix());
    }

    @Test
    void multiLabelMetricIsTheMeanPerLabelF1AtOneHalf() {
        Head head = Head.multiLabel("x", "y", "z");
        // x: predicted 1 1 0, actual 1 0 0 → TP 1, FP 1 → F1 2/3
        // y: predicted 0 1 1, actual 1 1 1 → TP 2, FN 1 → F1 4/5
        // z: never predicted, never present → 1
        float[][] probabilities = {{0.9f, 0.1f, 0.2f}, {0.6f, 0.7f, 0.1f}, {0.3f, 0.5f, 0.4f}};
        List<Prediction> predictions = new ArrayList<>();
        for (float[] p : probabilities) {
            float[] logits = new float[3];
            for (int j = 0; j < 3; j++) {
                logits[j] = (float) Math.log(p[j] / (1 - p[j]));
            }
            predictions.add(decode(head, false, logits, 0));
        }
        Evaluation e = head.evaluate(predictions, samples(Label.ofValues(1, 1, 0), Label.ofValues(0, 1, 0),
                Label.ofValues(0, 1, 0)));
        double f1 = (2 / 3.0 + 4 / 5.0 + 1) / 3;
        assertEquals(f1, e.macroF1(), 1e-6);
        assertEquals(f1, e.primaryMetric(), 1e-6);
        assertEquals("macro-F1", e.primaryMetricName());
        assertTrue(Double.isNaN(e.accuracy()));
        assertThrows(IllegalStateException.class, e::confusionMatrix);
        assertThrows(IllegalStateException.class, e::classificationReport);
        assertEquals("| metric | value |\n|---|---|\n| samples | 3 |\n" + rows("macro-F1", f1), e.toMarkdown());
    }

    @Test
    void regressionMetricsAreMaeAndRmseWithLowerBetter() {
        Head head = Head.regression("u", "v");
        // errors: (1 - 2, 2 - 2) and (3 - 1, 4 - 4) → MAE 3/4, RMSE √(5/4)
        List<Prediction> predictions = List.of(decode(head, false, new float[] {1, 2}, 0),
                decode(head, false, new float[] {3, 4}, 0));
        Evaluation e = head.evaluate(predictions, samples(Label.ofValues(2, 2), Label.ofValues(1, 4)));
        assertEquals(0.75, e.meanAbsoluteError(), EPS);
        assertEquals(Math.sqrt(1.25), e.rootMeanSquaredError(), EPS);
        assertEquals(Math.sqrt(1.25), e.primaryMetric(), EPS);
        assertEquals("RMSE", e.primaryMetricName());
        assertFalse(e.higherIsBetter());
        assertTrue(Double.isNaN(e.macroF1()));
        assertEquals("| metric | value |\n|---|---|\n| samples | 2 |\n" + rows("MAE", 0.75, "RMSE", Math.sqrt(1.25)),
                e.toMarkdown());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void embeddingOutputLayerEmitsTheUnitEmbeddingAndScaledCosinesToThePrototypes(String backendName) {
        TensorBackend b = Backends.named(backendName);
        OutputLayer layer = Head.embedding(2, "a", "b").outputLayer(3);
        assertEquals(List.of("output.weight", "output.bias", "output.prototypes"),
                layer.parameters().stream().map(ParameterSpec::name).toList());
        // W picks the first two features: e = (3, 4) / 5; prototypes (1, 0) and (0, 2) → cosines 0.6 and 0.8
        Map<String, Tensor> parameters = Map.of(
                "output.weight", b.fromArray(new float[] {1, 0, 0, 1, 0, 0}, 3, 2),
                "output.bias", b.fromArray(new float[] {0, 0}, 2),
                "output.prototypes", b.fromArray(new float[] {1, 0, 0, 2}, 2, 2));
        Tensor out = layer.apply(FixedModuleContext.inference(b, parameters), b.fromArray(new float[] {3, 4, 9}, 1, 3));
        float scale = EmbeddingHead.COSINE_SCALE;
        assertArrayEquals(new float[] {0.6f, 0.8f, 0.6f * scale, 0.8f * scale}, out.toFloatArray(), 1e-5f);
    }

    @Test
    void outputLayersHaveOneColumnPerOutputAndOnlyClassificationFollowsLateFusion() {
        assertEquals(2, Head.classification("a", "b").lateFusionClasses());
        for (Head head : List.of(Head.multiLabel("x"), Head.regression("u", "v"), Head.embedding(4, "a", "b"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, head::lateFusionClasses);
            assertTrue(e.getMessage().contains("Head.classification"), e.getMessage());
        }
        for (Head head : List.of(Head.classification("a", "b", "c"), Head.multiLabel("x", "y", "z"),
                Head.regression("u", "v", "w"))) {
            List<ParameterSpec> parameters = head.outputLayer(5).parameters();
            assertArrayEquals(new long[] {5, 3}, parameters.get(0).shapeArray(), head.toString());
            assertArrayEquals(new long[] {3}, parameters.get(1).shapeArray(), head.toString());
        }
    }

    @Test
    void headsAreValuesOfKindNamesAndWidth() {
        assertEquals(Head.classification("a", "b"), Head.classification("a", "b"));
        assertEquals(Head.classification("a", "b").hashCode(), Head.classification("a", "b").hashCode());
        assertNotEquals(Head.classification("a", "b"), Head.multiLabel("a", "b"));
        assertNotEquals(Head.embedding(4, "a", "b"), Head.embedding(8, "a", "b"));
        assertNotEquals(Head.embedding(2, "a", "b"), Head.classification("a", "b"));
        for (Head head : List.of(Head.classification("a", "b"), Head.multiLabel("x"), Head.regression("u", "v"),
                Head.embedding(6, "a", "b", "c"))) {
            assertEquals(head, Head.of(head.kind(), head.names(), head.outputs()));
        }
        assertEquals(6, Head.embedding(6, "a", "b", "c").outputs());
        assertEquals(3, Head.embedding(6, "a", "b", "c").classes());
        assertThrows(IllegalArgumentException.class, () -> Head.classification("a"));
        assertThrows(IllegalArgumentException.class, () -> Head.classification("a", "a"));
        assertThrows(IllegalArgumentException.class, Head::multiLabel);
        assertThrows(IllegalArgumentException.class, Head::regression);
    }

    private static double loss(Objective objective, TensorBackend b, float[] output, int batch, int width,
                               BatchLabels labels) {
        return objective.loss(b.fromArray(output, batch, width), labels, b).toFloatArray()[0];
    }

    private static BatchLabels classLabels(int... classes) {
        Label[] labels = new Label[classes.length];
        for (int i = 0; i < classes.length; i++) {
            labels[i] = Label.ofClass(classes[i]);
        }
        return batchLabels(labels);
    }

    private static BatchLabels valueLabels(float... values) {
        return batchLabels(Label.ofValues(values));
    }

    private static BatchLabels batchLabels(Label... labels) {
        return MultimodalBatch.collate(samples(labels), Map.of(Modality.TEXT, 1)).labels();
    }

    private static List<MultimodalSample> samples(Label... labels) {
        List<MultimodalSample> samples = new ArrayList<>();
        for (Label label : labels) {
            samples.add(MultimodalSample.builder().label(label).put(Modality.TEXT, Features.vector(0)).build());
        }
        return samples;
    }

    private static String rows(Object... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append(String.format(Locale.ROOT, "| %s | %.4f |%n", namesAndValues[i], namesAndValues[i + 1]));
        }
        return out.toString();
    }
}
