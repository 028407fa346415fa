package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.eval.ActiveLearning;
import dev.fusion4j.eval.ModalityReport;
import dev.fusion4j.internal.nn.ContrastiveLoss;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsTest {
    private static final List<MultimodalSample> TRAIN = TwoBitData.generate(400, 31);
    private static final List<MultimodalSample> TEST = TwoBitData.generate(200, 32);

    private static FusionModel trained() {
        return FusionSpec.builder()
                .modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH)
                .fusion(Fusion.early().standardised())
                .head(Head.classification(TwoBitData.LABELS))
                .build()
                .train(TRAIN, List.of(), TrainingOptions.builder().epochs(20).learningRate(5e-3f).progress(false).build());
    }

    /**
     * A single-modality model with noise on its only modality: the curve must start where the
     * clean metric is and end at chance (four balanced classes: 0.25), or the levels do not span
     * the range a user needs to compare modalities.
     */
    @Test
    void noiseCurvesRunFromNoEffectDownToChance() {
        FusionModel model = FusionSpec.builder().modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                .fusion(Fusion.early().standardised()).head(Head.classification(TwoBitData.LABELS)).build()
                .train(TwoBitData.only(TRAIN, Modality.TEXT), List.of(),
                        TrainingOptions.builder().epochs(20).learningRate(5e-3f).progress(false).build());
        double[] curve = ModalityReport.of(model, TwoBitData.only(TEST, Modality.TEXT), 3).noiseCurve(Modality.TEXT);
        assertTrue(curve[0] > 0.4, "the text-only model learned something: " + curve[0]);
        assertTrue(curve[1] >= curve[0] - 0.05, "the weakest noise has almost no effect: "
                + java.util.Arrays.toString(curve));
        assertTrue(curve[ModalityReport.LEVELS] <= 0.25 + 0.08, "the strongest noise leaves chance: "
                + java.util.Arrays.toString(curve));
        assertEquals(0.1, ModalityReport.noiseLevels()[1]);
        assertEquals(100, ModalityReport.noiseLevels()[ModalityReport.LEVELS]);
    }

    @Test
    void modalityReportMeasuresAloneRemovedAndNoiseCurves() {
        FusionModel model = trained();
        ModalityReport report = ModalityReport.of(model, TEST, 1);
        assertEquals(model.evaluate(TEST).accuracy(), report.all(), 1e-12);
        assertEquals(model.evaluate(TwoBitData.without(TEST, Modality.TEXT)).accuracy(),
                report.removed(Modality.TEXT), 1e-12);
        assertEquals(model.evaluate(TwoBitData.only(TEST, Modality.AUDIO)).accuracy(),
                report.alone(Modality.AUDIO), 1e-12);
        double[] curve = report.noiseCurve(Modality.TEXT);
        assertEquals(report.all(), curve[0], 1e-12);
        assertTrue(curve[10] < curve[0] - 0.05, "strong noise on text hurts: " + java.util.Arrays.toString(curve));
        // trapezoid area of curve / curve[0], recomputed here
        double area = 0;
        for (int i = 1; i <= 10; i++) {
            area += (curve[i - 1] + curve[i]) / 2 / curve[0] / 10;
        }
        assertEquals(area, report.relativeRobustness(Modality.TEXT), 1e-12);
        assertTrue(report.toMarkdown().contains("| text |"), report.toMarkdown());
        assertTrue(report.toMarkdown().contains("\n| 0.1 |") && report.toMarkdown().contains("\n| 100 |"),
                "noise levels written as short numbers: " + report.toMarkdown());
        assertEquals(List.of(Modality.TEXT, Modality.AUDIO), report.modalities());
    }

    @Test
    void activeLearningPutsAmbiguousSamplesFirst() {
        FusionModel model = trained();
        MultimodalSample clear = TEST.get(0);
        float[] ambiguousText = new float[TwoBitData.TEXT_WIDTH];
        float[][] ambiguousAudio = new float[3][TwoBitData.AUDIO_WIDTH];
        MultimodalSample ambiguous = MultimodalSample.builder()
                .put(Modality.TEXT, dev.fusion4j.data.Features.vector(ambiguousText))
                .put(Modality.AUDIO, dev.fusion4j.data.Features.sequence(ambiguousAudio)).build();
        for (ActiveLearning.Criterion criterion : List.of(ActiveLearning.Criterion.ENTROPY,
                ActiveLearning.Criterion.MARGIN)) {
            List<ActiveLearning.Ranked> ranked = ActiveLearning.rank(model, List.of(clear, ambiguous), criterion);
            assertEquals(ambiguous, ranked.get(0).sample(), criterion.name());
        }
        // disagreement: text says bit a = 1 clearly, audio says bit b; a sample whose modalities
        // come from different classes makes the single-modality predictions disagree more
        MultimodalSample consistent = TEST.get(1);
        MultimodalSample mixed = consistent.toBuilder()
                .put(Modality.TEXT, TEST.stream().filter(s -> s.label().orElseThrow().classIndex()
                        != consistent.label().orElseThrow().classIndex()).findFirst().orElseThrow()
                        .get(Modality.TEXT).orElseThrow()).build();
        List<ActiveLearning.Ranked> ranked = ActiveLearning.rank(model, List.of(consistent, mixed),
                ActiveLearning.Criterion.DISAGREEMENT);
        assertTrue(ranked.get(0).score() >= ranked.get(1).score());
    }

    @Test
    void activeLearningRanksOnlyModelsWhoseHeadPredictsAClass() {
        for (Head head : List.of(Head.regression("y"), Head.multiLabel("x", "y"),
                Head.embedding(4, TwoBitData.LABELS))) {
            FusionModel model = FusionSpec.builder().modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                    .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH).fusion(Fusion.early()).head(head)
                    .build().untrained();
            if (head.kind() == Head.Kind.EMBEDDING) {
                List<ActiveLearning.Ranked> ranked = ActiveLearning.rank(model, TEST.subList(0, 2),
                        ActiveLearning.Criterion.MARGIN);
                assertEquals(2, ranked.size());
            } else {
                assertThrows(IllegalArgumentException.class,
                        () -> ActiveLearning.rank(model, TEST, ActiveLearning.Criterion.ENTROPY), head.toString());
            }
        }
    }

    @Test
    void infoNceMatchesAPlainJavaComputation() {
        TensorBackend b = Backends.DJL;
        float[] a = {1, 0, 0, 1, 1, 1};
        float[] c = {1, 0.2f, 0, 1, -1, 1};
        float logScale = (float) Math.log(2);
        Tensor loss = ContrastiveLoss.infoNce(b.fromArray(a, 3, 2), b.fromArray(c, 3, 2),
                b.fromArray(new float[] {logScale}, 1));
        // reference: S = 2 · cos(a_i, c_j); loss = (mean_i CE(row i, i) + mean_j CE(column j, j)) / 2
        double[][] an = {normalise(1, 0), normalise(0, 1), normalise(1, 1)};
        double[][] cn = {normalise(1, 0.2), normalise(0, 1), normalise(-1, 1)};
        double[][] s = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s[i][j] = 2 * (an[i][0] * cn[j][0] + an[i][1] * cn[j][1]);
            }
        }
        double rows = 0;
        double columns = 0;
        for (int i = 0; i < 3; i++) {
            double rowSum = 0;
            double columnSum = 0;
            for (int j = 0; j < 3; j++) {
                rowSum += Math.exp(s[i][j]);
                columnSum += Math.exp(s[j][i]);
            }
            rows += -(s[i][i] - Math.log(rowSum));
            columns += -(s[i][i] - Math.log(columnSum));
        }
        assertEquals((rows / 3 + columns / 3) / 2, loss.toFloatArray()[0], 1e-5);
    }

    private static double[] normalise(double x, double y) {
        double n = Math.sqrt(x * x + y * y);
        return new double[] {x / n, y / n};
    }
}
