package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.ModalitySchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mistakes a user makes with a model get one typed exception each, the same at every entry point,
 * naming the sample and what was expected; none is accepted silently.
 */
class ModelMisuseTest {
    private static final TrainingOptions QUICK = TrainingOptions.builder().epochs(2).progress(false).build();

    private static FusionSpec.Builder textAndAudio(FusionStrategy strategy) {
        return FusionSpec.builder().modality(Modality.TEXT, 2).modality(Modality.AUDIO, 1).fusion(strategy)
                .head(Head.classification("no", "yes"));
    }

    /** Text vectors, audio sequences of two frames; the class is the sign of text[0]. */
    private static List<MultimodalSample> data(int count) {
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int y = i % 2;
            samples.add(MultimodalSample.builder().id("s" + i).label(y)
                    .put(Modality.TEXT, Features.vector(y - 0.5f, 0.1f * i))
                    .put(Modality.AUDIO, Features.sequence(new float[][] {{y}, {1 - y}})).build());
        }
        return samples;
    }

    private static MultimodalSample sample(String id, Features text, Features audio) {
        return MultimodalSample.builder().id(id).put(Modality.TEXT, text).put(Modality.AUDIO, audio).build();
    }

    /**
     * A spec cannot predict: a model with random weights is asked for by name, {@code untrained()},
     * and it predicts and saves with the spec's seeded weights, the same each time.
     */
    @Test
    void anUntrainedModelIsAskedForAndPredictsWithTheSeededWeights(@TempDir Path dir) {
        List<MultimodalSample> samples = data(4);
        FusionSpec spec = textAndAudio(Fusion.early()).build();
        FusionModel untrained = spec.untrained();
        for (Backend backend : Backend.values()) {
            assertEquals(4, Predictions.of(untrained, backend, samples).size(), backend.name());
        }
        assertTrue(untrained.provenance().history().isEmpty() && untrained.provenance().data().isEmpty());
        untrained.save(dir);
        FusionModel loaded = FusionModel.load(dir);
        for (FusionModel other : List.of(spec.untrained(), loaded)) {
            untrained.parameters().forEach((name, values) -> assertArrayEquals(values, other.parameters().get(name)));
        }
        assertEquals(untrained.provenance(), loaded.provenance());
        float[] otherSeed = textAndAudio(Fusion.early()).seed(43).build().untrained().parameters().get("output.weight");
        assertTrue(!java.util.Arrays.equals(untrained.parameters().get("output.weight"), otherSeed),
                "another seed gives other weights");
    }

    static Stream<FusionStrategy> everyKindOfStrategy() {
        return Stream.of(Fusion.early(), Fusion.intermediate().width(4).sum(),
                Fusion.intermediate().width(4).crossAttention(1, 1), Fusion.intermediate().width(4).selfAttention(1, 1),
                Fusion.late().mean());
    }

    @ParameterizedTest
    @MethodSource("everyKindOfStrategy")
    void trainingWithADeclaredModalityNoSampleHasIsRefusedNamingIt(FusionStrategy strategy) {
        List<MultimodalSample> textOnly = data(6).stream().map(s -> s.without(Modality.AUDIO)).toList();
        FusionSpec spec = textAndAudio(strategy).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec.train(textOnly, List.of(), QUICK));
        assertTrue(e.getMessage().contains("'audio'"), e.getMessage());
    }

    @Test
    void aSequenceWhereVectorsWereTrainedOrTheReverseIsRefusedAndTheFormSurvivesSaveAndLoad(@TempDir Path dir) {
        MultimodalSample textAsSequence = sample("t", Features.sequence(new float[][] {{1, 0}, {0, 1}}),
                Features.sequence(new float[][] {{1}}));
        MultimodalSample audioAsVector = sample("a", Features.vector(1, 0), Features.vector(1));
        FusionModel model = textAndAudio(Fusion.intermediate().width(4).crossAttention(1, 1)).build()
                .train(data(8), List.of(), QUICK);
        model.save(dir);
        FusionModel loaded = FusionModel.load(dir);
        for (FusionModel m : List.of(model, loaded)) {
            InvalidSampleException text = assertThrows(InvalidSampleException.class,
                    () -> Predictions.of(m, List.of(textAsSequence)));
            assertTrue(text.getMessage().contains("'t'") && text.getMessage().contains("trained on a vector"),
                    text.getMessage());
            InvalidSampleException audio = assertThrows(InvalidSampleException.class,
                    () -> Predictions.of(m, Backend.ND4J, List.of(audioAsVector)));
            assertTrue(audio.getMessage().contains("trained on a sequence"), audio.getMessage());
        }
        List<MultimodalSample> mixed = new ArrayList<>(data(4));
        mixed.add(MultimodalSample.builder().label(0).put(Modality.TEXT, Features.vector(1, 0))
                .put(Modality.AUDIO, Features.vector(1)).build());
        FusionSpec spec = textAndAudio(Fusion.early()).build();
        assertThrows(InvalidSampleException.class, () -> spec.train(mixed, List.of(), QUICK));
    }

    @Test
    void aWidthMismatchIsTheSameExceptionInFitPredictEvaluateAndNd4j() {
        MultimodalSample wide = MultimodalSample.builder().id("wide").label(0)
                .put(Modality.TEXT, Features.vector(1, 2, 3)).put(Modality.AUDIO, Features.sequence(new float[][] {{1}}))
                .build();
        List<MultimodalSample> withWide = new ArrayList<>(data(4));
        withWide.add(wide);
        FusionSpec spec = textAndAudio(Fusion.early().standardised()).build();
        FusionModel model = spec.train(data(6), List.of(), QUICK);
        List<Function<List<MultimodalSample>, ?>> entryPoints = List.of(
                samples -> spec.train(samples, List.of(), QUICK),
                samples -> spec.train(data(6), samples, QUICK),
                samples -> Predictions.of(model, samples), model::evaluate,
                samples -> Predictions.of(model, Backend.ND4J, samples));
        for (Function<List<MultimodalSample>, ?> entryPoint : entryPoints) {
            InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> entryPoint.apply(withWide));
            assertTrue(e.getMessage().contains("'wide'") && e.getMessage().contains("width 3")
                    && e.getMessage().contains("expects 2"), e.getMessage());
        }
    }

    @Test
    void badLabelsAreTheSameExceptionInFitAndEvaluate() {
        List<List<MultimodalSample>> badSets = new ArrayList<>();
        for (Label bad : List.of(Label.ofClass(2), Label.ofValues(1f))) {
            List<MultimodalSample> set = new ArrayList<>(data(4));
            set.add(MultimodalSample.builder().id("bad").label(bad).put(Modality.TEXT, Features.vector(1, 0))
                    .put(Modality.AUDIO, Features.sequence(new float[][] {{1}})).build());
            badSets.add(set);
        }
        FusionSpec spec = textAndAudio(Fusion.early()).build();
        FusionModel model = spec.train(data(6), List.of(), QUICK);
        for (List<MultimodalSample> set : badSets) {
            for (Runnable call : List.<Runnable>of(() -> spec.train(set, List.of(), QUICK),
                    () -> spec.train(data(6), set, QUICK), () -> model.evaluate(set))) {
                InvalidLabelException e = assertThrows(InvalidLabelException.class, call::run);
                assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
            }
        }
    }

    @Test
    void multiLabelTargetsOtherThanZeroOrOneAreRefused() {
        List<MultimodalSample> samples = new ArrayList<>();
        for (float target : new float[] {0, 1, 7, -3}) {
            samples.add(MultimodalSample.builder().id("t" + target).label(Label.ofValues(target))
                    .put(Modality.TEXT, Features.vector(1, 0)).put(Modality.AUDIO, Features.vector(1)).build());
        }
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, 2).modality(Modality.AUDIO, 1)
                .fusion(Fusion.early()).head(Head.multiLabel("x")).build();
        InvalidLabelException e = assertThrows(InvalidLabelException.class,
                () -> spec.train(samples, List.of(), QUICK));
        assertTrue(e.getMessage().contains("'t7.0'") && e.getMessage().contains("0 or 1"), e.getMessage());
    }

    @Test
    void nonFiniteOutputsFromHugeFiniteInputsAreATypedErrorNamingTheSample() {
        MultimodalSample huge = sample("huge", Features.vector(3.0e38f, -3.0e38f),
                Features.sequence(new float[][] {{3.0e38f}}));
        FusionModel model = textAndAudio(Fusion.early().standardised()).build().train(data(6), List.of(), QUICK);
        for (Backend backend : Backend.values()) {
            NonFiniteOutputException e = assertThrows(NonFiniteOutputException.class,
                    () -> Predictions.of(model, backend, List.of(huge)));
            assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
        }
    }

    @Test
    void builderSettingsOutsideTheirRangeAreRefusedAtOnce() {
        for (double bad : new double[] {Double.NaN, -0.5, 1, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> FusionSpec.builder().modalityDropout(bad));
            assertThrows(IllegalArgumentException.class,
                    () -> FusionSpec.builder().modalityDropout(Modality.TEXT, bad));
        }
        assertDoesNotThrow(() -> FusionSpec.builder().modalityDropout(0.0));
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> FusionSpec.builder().modality(Modality.TEXT, 600_000_000));
        assertTrue(wide.getMessage().contains(String.valueOf(ModalitySchema.MAX_WIDTH)), wide.getMessage());
        // an output layer of 2^20 × 300 ≈ 3.1e8 weights, over the 2^28 a model may have
        String[] classes = java.util.stream.IntStream.range(0, 300).mapToObj(c -> "c" + c).toArray(String[]::new);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> FusionSpec.builder()
                .modality(Modality.TEXT, ModalitySchema.MAX_WIDTH).fusion(Fusion.early())
                .head(Head.classification(classes)).build());
        assertTrue(big.getMessage().contains("parameters"), big.getMessage());
    }
}
