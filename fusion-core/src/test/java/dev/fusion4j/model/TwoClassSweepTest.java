package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every strategy with every head it accepts learns a clearly separable two-class problem: the
 * class shifts every feature of both modalities by ±1.5 against unit noise, so the Bayes accuracy
 * is above 0.99 and a trained model of any kind must reach 0.95 on its training set. (With DJL's
 * Trainer, a two-class early-fusion model never moved from its initial weights.)
 */
class TwoClassSweepTest {
    private static final List<MultimodalSample> CLASSES = data(Head.Kind.CLASSIFICATION);
    private static final TrainingOptions OPTIONS = TrainingOptions.builder().epochs(30).batchSize(16)
            .learningRate(3e-2f).progress(false).build();

    static Stream<Arguments> strategiesAndHeads() {
        List<Arguments> cases = new ArrayList<>();
        for (FusionStrategy strategy : List.of(Fusion.early(), Fusion.early().standardised(),
                Fusion.intermediate().width(8).sum(), Fusion.intermediate().width(8).concatMlp(8),
                Fusion.intermediate().width(8).attention(), Fusion.intermediate().width(8).gated(),
                Fusion.intermediate().width(4).tensor(), Fusion.intermediate().width(8).lowRank(2, 8),
                Fusion.intermediate().width(8).crossAttention(2, 1),
                Fusion.intermediate().width(8).selfAttention(2, 1))) {
            for (Head.Kind kind : Head.Kind.values()) {
                cases.add(Arguments.of(strategy, kind));
            }
        }
        for (FusionStrategy strategy : List.of(Fusion.late().mean(), Fusion.late().weighted(1, 2),
                Fusion.late().learnedWeights(), Fusion.late().max(), Fusion.late().majorityVote(),
                Fusion.late().productOfExperts(), Fusion.late().stacker(), Fusion.late().standardised().mean())) {
            cases.add(Arguments.of(strategy, Head.Kind.CLASSIFICATION));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with a {1} head")
    @MethodSource("strategiesAndHeads")
    void learnsASeparableTwoClassProblem(FusionStrategy strategy, Head.Kind kind) {
        List<MultimodalSample> train = kind == Head.Kind.CLASSIFICATION || kind == Head.Kind.EMBEDDING
                ? CLASSES : data(kind);
        FusionSpec spec = FusionSpec.builder()
                .modality(Modality.TEXT, 3)
                .modality(Modality.AUDIO, 2)
                .fusion(strategy)
                .head(head(kind))
                .seed(5)
                .build();
        FusionModel model = spec.train(train, List.of(), OPTIONS);
        List<Prediction> predictions = Predictions.of(model, train);
        int correct = 0;
        for (int i = 0; i < train.size(); i++) {
            if (predictedClass(predictions.get(i)) == truth(CLASSES.get(i))) {
                correct++;
            }
        }
        double accuracy = correct / (double) train.size();
        assertTrue(accuracy >= 0.95, strategy + " / " + kind + ": training accuracy " + accuracy);
    }

    /**
     * Features that carry nothing (all zero) and three samples in four labelled "yes": the best
     * model predicts the training prior, p(yes) = 0.75. Here the two-class softmax layer's
     * gradients (±0.25 on the biases) sum to exactly zero, so DJL's Trainer refused every step
     * and p(yes) stayed at its initial 0.5.
     */
    @ParameterizedTest(name = "{0}, standardised {1}")
    @MethodSource("optimizers")
    void earlyFusionLearnsTheClassPriorWhereDjlSawZeroGradients(TrainingOptions.Optimizer optimizer,
                                                               boolean standardised) {
        List<MultimodalSample> train = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            train.add(MultimodalSample.builder().label(i % 4 == 0 ? 0 : 1)
                    .put(Modality.TEXT, Features.vector(0, 0)).put(Modality.AUDIO, Features.vector(0)).build());
        }
        FusionStrategy.Early early = standardised ? Fusion.early().standardised() : Fusion.early();
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, 2).modality(Modality.AUDIO, 1)
                .fusion(early).head(Head.classification("no", "yes")).build();
        FusionModel model = spec.train(train, List.of(), TrainingOptions.builder().epochs(40).batchSize(8)
                .learningRate(2e-2f).optimizer(optimizer).progress(false).build());
        double yes = Predictions.of(model, List.of(train.get(1))).get(0).probability("yes");
        assertEquals(0.75, yes, 0.03, optimizer + ": p(yes) after training");
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(TrainingOptions.Optimizer.values())
                .flatMap(optimizer -> Stream.of(Arguments.of(optimizer, false), Arguments.of(optimizer, true)));
    }

    private static Head head(Head.Kind kind) {
        return switch (kind) {
            case CLASSIFICATION -> Head.classification("no", "yes");
            case MULTI_LABEL -> Head.multiLabel("yes");
            case REGRESSION -> Head.regression("yes");
            case EMBEDDING -> Head.embedding(4, "no", "yes");
        };
    }

    /** 1 for "yes", read the way a user of each head would: argmax, p ≥ 0.5, or value ≥ 0.5. */
    private static int predictedClass(Prediction prediction) {
        return switch (prediction.kind()) {
            case CLASSIFICATION, EMBEDDING -> prediction.classIndex();
            case MULTI_LABEL -> prediction.probabilities()[0] >= 0.5 ? 1 : 0;
            case REGRESSION -> prediction.values()[0] >= 0.5 ? 1 : 0;
        };
    }

    private static int truth(MultimodalSample sample) {
        return sample.id().orElseThrow().startsWith("yes") ? 1 : 0;
    }

    /** 64 samples, the same features for every head kind; the label in the head's own form. */
    private static List<MultimodalSample> data(Head.Kind kind) {
        Random random = new Random(11);
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int y = i % 2;
            float shift = y == 1 ? 1.5f : -1.5f;
            float[] text = new float[3];
            for (int j = 0; j < text.length; j++) {
                text[j] = shift + (float) random.nextGaussian();
            }
            float[][] audio = new float[3][2];
            for (float[] frame : audio) {
                for (int j = 0; j < frame.length; j++) {
                    frame[j] = shift + (float) random.nextGaussian();
                }
            }
            Label label = kind == Head.Kind.CLASSIFICATION || kind == Head.Kind.EMBEDDING
                    ? Label.ofClass(y) : Label.ofValues(y);
            samples.add(MultimodalSample.builder().id((y == 1 ? "yes-" : "no-") + i).label(label)
                    .put(Modality.TEXT, Features.vector(text))
                    .put(Modality.AUDIO, Features.sequence(audio)).build());
        }
        return samples;
    }
}
