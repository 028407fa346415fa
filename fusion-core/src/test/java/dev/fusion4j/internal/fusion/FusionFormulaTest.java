package dev.fusion4j.internal.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import dev.fusion4j.model.MissingModality;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The documented formulas on small cases worked out by hand, on both backends. */
class FusionFormulaTest {
    private static final float EPS = 1e-5f;

    static Stream<String> backends() {
        return Stream.of("djl", "nd4j");
    }

    private static Tensor t(TensorBackend b, float[] values, long... shape) {
        return b.fromArray(values, shape);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tensorFusionIsTheFlattenedOuterProductWithOnes(String backendName) {
        TensorBackend b = Backends.named(backendName);
        VectorFusion tfn = TensorFusion.factory().create(2, 1);
        Tensor out = tfn.fuse(new FixedContext(b), List.of(t(b, new float[] {2, -1}, 2, 1), t(b, new float[] {3, 4}, 2, 1)),
                List.of());
        assertEquals(4, tfn.outputWidth());
        // [1, 2] ⊗ [1, 3] = [1, 3, 2, 6];  [1, -1] ⊗ [1, 4] = [1, 4, -1, -4]
        assertArrayEquals(new float[] {1, 3, 2, 6, 1, 4, -1, -4}, out.toFloatArray(), EPS);
        assertEquals(27, TensorFusion.factory().create(3, 2).outputWidth());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void lowRankFusionSumsWeightedProductsOfFactorProjections(String backendName) {
        TensorBackend b = Backends.named(backendName);
        VectorFusion lmf = LowRankFusion.factory(2, 1).create(2, 1);
        // factors [R=2, d+1=2, out=1]: modality 0: r0 = (1, 2), r1 = (0.5, -1); modality 1: r0 = (3, 1), r1 = (2, 2)
        FixedContext context = new FixedContext(b)
                .set("fusion.lmf.factor.0", new float[] {1, 2, 0.5f, -1}, 2, 2, 1)
                .set("fusion.lmf.factor.1", new float[] {3, 1, 2, 2}, 2, 2, 1)
                .set("fusion.lmf.rank_weights", new float[] {0.5f, 2}, 1, 2)
                .set("fusion.lmf.bias", new float[] {0.25f}, 1);
        Tensor out = lmf.fuse(context, List.of(t(b, new float[] {2}, 1, 1), t(b, new float[] {-1}, 1, 1)), List.of());
        // h0 = 2, h1 = -1: r0: (1 + 2*2) * (3 + 1*-1) = 5 * 2 = 10; r1: (0.5 - 2) * (2 - 2) = 0
        // 0.5 * 10 + 2 * 0 + 0.25 = 5.25
        assertArrayEquals(new float[] {5.25f}, out.toFloatArray(), EPS);
    }

    /** Φ(1), Φ(2) and Φ(-1) of the standard normal distribution, from a table. */
    private static final double PHI_1 = 0.8413447460685429;
    private static final double PHI_2 = 0.9772498680518208;
    private static final double PHI_MINUS_1 = 0.15865525393145707;

    @ParameterizedTest
    @MethodSource("backends")
    void concatMlpAppliesGeluAfterEveryHiddenLayerIncludingTheLast(String backendName) {
        TensorBackend b = Backends.named(backendName);
        // one hidden layer of width 2: W = [[1, 0], [0, -2]], b = 0
        VectorFusion one = ConcatMlpFusion.factory(0f, 2).create(2, 1);
        FixedContext context = new FixedContext(b)
                .set("fusion.mlp.0.weight", new float[] {1, 0, 0, -2}, 2, 2)
                .set("fusion.mlp.0.bias", new float[] {0, 0}, 2);
        // sample 0: concat (1, -1) → (1, 2) → GELU = (Φ(1), 2 Φ(2)); sample 1: (-1, 0.5) → (-1, -1) → -Φ(-1) each
        Tensor out = one.fuse(context, List.of(t(b, new float[] {1, -1}, 2, 1), t(b, new float[] {-1, 0.5f}, 2, 1)),
                List.of());
        assertArrayEquals(new float[] {(float) PHI_1, (float) (2 * PHI_2), (float) -PHI_MINUS_1, (float) -PHI_MINUS_1},
                out.toFloatArray(), EPS);

        // a second hidden layer of width 1: W = [1, 1], b chosen so that its input is 2 → GELU = 2 Φ(2)
        VectorFusion two = ConcatMlpFusion.factory(0f, 2, 1).create(2, 1);
        context.set("fusion.mlp.1.weight", new float[] {1, 1}, 2, 1)
                .set("fusion.mlp.1.bias", new float[] {(float) (2 - PHI_1 - 2 * PHI_2)}, 1);
        Tensor deep = two.fuse(context, List.of(t(b, new float[] {1}, 1, 1), t(b, new float[] {-1}, 1, 1)), List.of());
        assertArrayEquals(new float[] {(float) (2 * PHI_2)}, deep.toFloatArray(), EPS);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void intermediateProjectionIsGeluOfLayerNormByDefaultAsInFusionIntermediate(String backendName) {
        TensorBackend b = Backends.named(backendName);
        ModalitySchema schema = ModalitySchema.builder().add(Modality.TEXT, 1).add(Modality.AUDIO, 1).build();
        // text 1 → x W = (1, -1) + β (1, 1): LN of (1, -1) is (±1)/√(1 + 1e-5), so γ = √(1 + 1e-5) gives (2, 0)
        // audio 0.5 → x W = (-1, 1), β = 0: LN gives (-1, 1)
        float gamma = (float) Math.sqrt(1 + 1e-5);
        FixedContext context = new FixedContext(b)
                .set("proj.text.linear.weight", new float[] {1, -1}, 1, 2)
                .set("proj.text.linear.bias", new float[] {0, 0}, 2)
                .set("proj.text.norm.gamma", new float[] {gamma, gamma}, 2)
                .set("proj.text.norm.beta", new float[] {1, 1}, 2)
                .set("proj.audio.linear.weight", new float[] {-2, 2}, 1, 2)
                .set("proj.audio.linear.bias", new float[] {0, 0}, 2)
                .set("proj.audio.norm.gamma", new float[] {gamma, gamma}, 2)
                .set("proj.audio.norm.beta", new float[] {0, 0}, 2);
        MultimodalBatch batch = MultimodalBatch.collate(List.of(MultimodalSample.builder()
                .put(Modality.TEXT, Features.vector(1)).put(Modality.AUDIO, Features.vector(0.5f)).build()),
                schema.widths());
        // GELU(2, 0) + GELU(-1, 1) = (2 Φ(2) - Φ(-1), Φ(1))
        float[] expected = {(float) (2 * PHI_2 - PHI_MINUS_1), (float) PHI_1};
        FusionOperator documentedDefault = IntermediateFusion.builder(schema).width(2)
                .missing(MissingModality.ZERO).combine(SumFusion.factory()).build();
        assertArrayEquals(expected, documentedDefault.fuse(context, FusionInputs.of(batch, schema, b)).toFloatArray(),
                EPS);
        FusionOperator strategy = Fusion.intermediate().width(2).missing(MissingModality.ZERO).sum()
                .createOperator(schema, null, 0);
        assertArrayEquals(expected, strategy.fuse(context, FusionInputs.of(batch, schema, b)).toFloatArray(), EPS);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gatedUnitMixesTanhTransformsWithSoftmaxGates(String backendName) {
        TensorBackend b = Backends.named(backendName);
        VectorFusion gmu = GatedFusion.factory().create(2, 1);
        FixedContext context = new FixedContext(b)
                .set("fusion.gmu.0.weight", new float[] {0.5f}, 1, 1)
                .set("fusion.gmu.1.weight", new float[] {-2f}, 1, 1)
                .set("fusion.gmu.gate.weight", new float[] {1, 0, 0, 1}, 2, 2)
                .set("fusion.gmu.gate.bias", new float[] {0, 0.5f}, 2);
        Tensor out = gmu.fuse(context, List.of(t(b, new float[] {1}, 1, 1), t(b, new float[] {0.25f}, 1, 1)), List.of());
        // gate logits (1, 0.25 + 0.5) → z0 = σ(1 - 0.75); ĥ0 = tanh(0.5), ĥ1 = tanh(-0.5)
        double z0 = sigmoid(0.25);
        double expected = z0 * Math.tanh(0.5) + (1 - z0) * Math.tanh(-0.5);
        assertArrayEquals(new float[] {(float) expected}, out.toFloatArray(), EPS);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void attentionSumWeighsPresentModalitiesBySoftmaxOfScores(String backendName) {
        TensorBackend b = Backends.named(backendName);
        VectorFusion attention = AttentionSumFusion.factory(1).create(2, 2);
        FixedContext context = new FixedContext(b)
                .set("fusion.score.weight", new float[] {1, -1}, 2, 1)
                .set("fusion.score.bias", new float[] {0}, 1)
                .set("fusion.score.vector", new float[] {2}, 1, 1);
        Tensor h0 = t(b, new float[] {1, 0, 3, 3}, 2, 2);
        Tensor h1 = t(b, new float[] {0, 1, 5, 5}, 2, 2);
        Tensor present0 = t(b, new float[] {1, 0}, 2);
        Tensor present1 = t(b, new float[] {1, 1}, 2);
        Tensor out = attention.fuse(context, List.of(h0, h1), List.of(present0, present1));
        // sample 0: s0 = 2 tanh(1), s1 = 2 tanh(-1); sample 1: modality 0 absent, so all weight on h1
        double a0 = Math.exp(2 * Math.tanh(1)) / (Math.exp(2 * Math.tanh(1)) + Math.exp(2 * Math.tanh(-1)));
        assertArrayEquals(new float[] {(float) a0, (float) (1 - a0), 5, 5}, out.toFloatArray(), EPS);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void combinersFollowTheirRulesAndDropAbsentModalities(String backendName) {
        TensorBackend b = Backends.named(backendName);
        FixedContext context = new FixedContext(b);
        // two samples, three modalities; modality 2 is absent in sample 1
        List<Tensor> p = List.of(
                t(b, new float[] {0.7f, 0.3f, 0.4f, 0.6f}, 2, 2),
                t(b, new float[] {0.2f, 0.8f, 0.9f, 0.1f}, 2, 2),
                t(b, new float[] {0.6f, 0.4f, 0.5f, 0.5f}, 2, 2));
        List<Tensor> a = List.of(t(b, new float[] {1, 1}, 2, 1), t(b, new float[] {1, 1}, 2, 1),
                t(b, new float[] {1, 0}, 2, 1));

        assertArrayEquals(new float[] {0.5f, 0.5f, 0.65f, 0.35f},
                Combiners.mean().combine(context, p, a).toFloatArray(), EPS);
        // weights 1, 2, 3: sample 0: (0.7 + 0.4 + 1.8) / 6; sample 1: (0.4 + 1.8) / 3
        assertArrayEquals(new float[] {2.9f / 6, 3.1f / 6, 2.2f / 3, 0.8f / 3},
                Combiners.weighted(1, 2, 3).combine(context, p, a).toFloatArray(), EPS);
        // max: sample 0: (0.7, 0.8) / 1.5; sample 1: (0.9, 0.6) / 1.5
        assertArrayEquals(new float[] {0.7f / 1.5f, 0.8f / 1.5f, 0.6f, 0.4f},
                Combiners.max().combine(context, p, a).toFloatArray(), EPS);
        // votes: sample 0: class 0, class 1, class 0; sample 1: class 1, class 0
        assertArrayEquals(new float[] {2f / 3, 1f / 3, 0.5f, 0.5f},
                Combiners.majorityVote().combine(context, p, a).toFloatArray(), EPS);
        // product: sample 0: (0.084, 0.096) normalised; sample 1: (0.36, 0.06) normalised
        assertArrayEquals(new float[] {0.084f / 0.18f, 0.096f / 0.18f, 0.36f / 0.42f, 0.06f / 0.42f},
                Combiners.productOfExperts().combine(context, p, a).toFloatArray(), EPS);
        // learned weights start at zero logits: the plain mean
        FixedContext learned = new FixedContext(b).set("combiner.weights", new float[] {0, 0, 0}, 3);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.65f, 0.35f},
                Combiners.learnedWeights().combine(learned, p, a).toFloatArray(), EPS);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void earlyFusionStandardisesPooledFeaturesAndZeroesAbsentOnes(String backendName) {
        TensorBackend b = Backends.named(backendName);
        ModalitySchema schema = ModalitySchema.builder().add(Modality.TEXT, 2).add(Modality.AUDIO, 1).build();
        List<MultimodalSample> train = List.of(
                sample(new float[] {1, 10}, new float[][] {{2}, {4}}),
                sample(new float[] {3, 30}, new float[][] {{6}}));
        // text: mean (2, 20), std (1, 10); audio (time means 3 and 6): mean 4.5, std 1.5
        InputStatistics stats = InputStatistics.fit(train, schema);
        assertArrayEquals(new float[] {2, 20}, stats.mean(Modality.TEXT), EPS);
        assertArrayEquals(new float[] {1, 10}, stats.std(Modality.TEXT), EPS);
        assertArrayEquals(new float[] {1.5f}, stats.std(Modality.AUDIO), EPS);

        EarlyFusion early = new EarlyFusion(schema, stats, MissingModality.ZERO);
        MultimodalSample textOnly = MultimodalSample.builder().put(Modality.TEXT, Features.vector(4, 0)).build();
        MultimodalBatch batch = MultimodalBatch.collate(List.of(train.get(0), textOnly), schema.widths());
        FixedContext context = FusionOperatorContractTest.contextWith(b, early.parameters(),
                FusionOperatorContractTest.initialValues(early.parameters()));
        Tensor out = early.fuse(context, FusionInputs.of(batch, schema, b));
        assertEquals(3, early.outputWidth());
        assertArrayEquals(new float[] {-1, -1, -1, 2, -2, 0}, out.toFloatArray(), EPS);
    }

    private static MultimodalSample sample(float[] text, float[][] audio) {
        return MultimodalSample.builder().put(Modality.TEXT, Features.vector(text))
                .put(Modality.AUDIO, Features.sequence(audio)).build();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void timeStepConcatJoinsFeaturesPerStepAndRejectsTwoClocks(String backendName) {
        TensorBackend b = Backends.named(backendName);
        ModalitySchema schema = ModalitySchema.builder().add(Modality.TEXT, 1).add(Modality.AUDIO, 2).build();
        MultimodalSample both = MultimodalSample.builder()
                .put(Modality.TEXT, Features.sequence(new float[][] {{1}, {2}}))
                .put(Modality.AUDIO, Features.sequence(new float[][] {{3, 4}, {5, 6}})).build();
        MultimodalSample audioOnly = MultimodalSample.builder()
                .put(Modality.AUDIO, Features.sequence(new float[][] {{7, 8}, {9, 10}})).build();
        MultimodalBatch batch = MultimodalBatch.collate(List.of(both, audioOnly), schema.widths());
        TimeStepConcatFusion concat = new TimeStepConcatFusion(schema);
        Tensor out = concat.fuse(new FixedContext(b), FusionInputs.of(batch, schema, b));
        assertArrayEquals(new long[] {2, 2, 3}, out.shape());
        assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6, 0, 7, 8, 0, 9, 10}, out.toFloatArray(), EPS);

        MultimodalSample longer = MultimodalSample.builder()
                .put(Modality.TEXT, Features.sequence(new float[][] {{1}, {2}, {3}}))
                .put(Modality.AUDIO, Features.sequence(new float[][] {{3, 4}})).build();
        FusionInputs unaligned = FusionInputs.of(MultimodalBatch.collate(List.of(longer), schema.widths()), schema, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> concat.fuse(new FixedContext(b), unaligned));
        assertEquals(true, e.getMessage().contains("one clock"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void meanImputationFillsAbsentModalitiesWithTheTrainingMean(String backendName) {
        TensorBackend b = Backends.named(backendName);
        ModalitySchema schema = ModalitySchema.builder().add(Modality.TEXT, 2).add(Modality.AUDIO, 1).build();
        InputStatistics stats = InputStatistics.fit(List.of(
                sample(new float[] {1, 10}, new float[][] {{2}, {4}}),
                sample(new float[] {3, 30}, new float[][] {{6}})), schema);
        EarlyFusion concat = EarlyFusion.concat(schema);
        MeanImputation imputation = new MeanImputation(schema, stats);
        MultimodalSample textOnly = MultimodalSample.builder().put(Modality.TEXT, Features.vector(4, 0)).build();
        MultimodalBatch batch = MultimodalBatch.collate(List.of(textOnly), schema.widths());
        List<ParameterSpec> specs = new ArrayList<>(imputation.parameters());
        specs.addAll(concat.parameters());
        FixedContext context = FusionOperatorContractTest.contextWith(b, specs,
                FusionOperatorContractTest.initialValues(specs));
        Tensor out = concat.fuse(context, imputation.apply(context, FusionInputs.of(batch, schema, b)));
        assertArrayEquals(new float[] {4, 0, 4.5f}, out.toFloatArray(), EPS);
    }

    /**
     * One modality of width 1, two classes, mean rule: x = 7, μ = 5, σ = 4 gives z = 0.5; head
     * weights (2, -2), biases (0, 0) give logits (1, -1) and p = softmax = (e/(e+e⁻¹), e⁻¹/(e+e⁻¹)).
     * Without standardisation the same head sees 7: logits (14, -14).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void standardisedLateFusionFeedsEachHeadTheStandardisedPooledVector(String backendName) {
        TensorBackend b = Backends.named(backendName);
        Modality m = Modality.of("x");
        ModalitySchema schema = ModalitySchema.builder().add(m, 1).build();
        InputStatistics statistics = InputStatistics.of(java.util.Map.of(m, new float[] {5}),
                java.util.Map.of(m, new float[] {4}));
        MultimodalBatch batch = MultimodalBatch.collate(List.of(MultimodalSample.builder()
                .put(m, Features.vector(7)).build()), schema.widths());
        FixedContext context = new FixedContext(b).set("head.x.weight", new float[] {2, -2}, 1, 2)
                .set("head.x.bias", new float[] {0, 0}, 2)
                .set("stats.x.mean", new float[] {5}, 1).set("stats.x.std", new float[] {4}, 1);
        double e = Math.E;
        float[] standardised = new LateFusion(schema, 2, Combiners.mean(), statistics)
                .fuse(context, FusionInputs.of(batch, schema, b)).toFloatArray();
        assertArrayEquals(new float[] {(float) (e / (e + 1 / e)), (float) (1 / e / (e + 1 / e))}, standardised, EPS);
        float[] raw = new LateFusion(schema, 2, Combiners.mean()).fuse(context, FusionInputs.of(batch, schema, b))
                .toFloatArray();
        assertArrayEquals(new float[] {(float) (1 / (1 + Math.exp(-28))), (float) (1 / (1 + Math.exp(28)))}, raw, EPS);
    }
}
