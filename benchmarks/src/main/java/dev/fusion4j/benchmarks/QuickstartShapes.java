package dev.fusion4j.benchmarks;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.model.Head;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Samples shaped like the quickstart's encoded demo set, without encoding it: a 384-d text
 * vector (MiniLM), 40–90 frames of 13 MFCCs, and 2 × 2 image tokens of 128 channels; 10 classes,
 * labels that the features carry. The serving and training benchmarks run on these.
 */
final class QuickstartShapes {
    static final int TEXT_WIDTH = 384;
    static final int AUDIO_WIDTH = 13;
    static final int IMAGE_WIDTH = 128;
    static final int IMAGE_TOKENS = 4;
    static final int CLASSES = 10;
    private static final String[] LABELS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    private QuickstartShapes() {
    }

    /** {@code count} labelled samples. */
    static List<MultimodalSample> samples(int count, Random random) {
        List<MultimodalSample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            int frames = 40 + random.nextInt(51);
            out.add(MultimodalSample.builder().label(label)
                    .put(Modality.TEXT, Features.vector(values(random, TEXT_WIDTH, label)))
                    .put(Modality.AUDIO, Features.sequence(values(random, frames * AUDIO_WIDTH, label), frames,
                            AUDIO_WIDTH))
                    .put(Modality.IMAGE, Features.sequence(values(random, IMAGE_TOKENS * IMAGE_WIDTH, label),
                            IMAGE_TOKENS, IMAGE_WIDTH))
                    .build());
        }
        return out;
    }

    /** The quickstart's three models, by name. */
    static Map<String, FusionStrategy> quickstartModels() {
        Map<String, FusionStrategy> models = new LinkedHashMap<>();
        models.put("early fusion", Fusion.early().standardised());
        models.put("cross-attention", Fusion.intermediate().width(32).crossAttention(4, 1));
        models.put("late fusion (product of experts)", Fusion.late().standardised().productOfExperts());
        return models;
    }

    /** Every fusion strategy: early, each intermediate combiner (width 32), late. */
    static Map<String, FusionStrategy> allStrategies() {
        Map<String, FusionStrategy> strategies = new LinkedHashMap<>();
        strategies.put("early", Fusion.early().standardised());
        strategies.put("sum", Fusion.intermediate().width(32).sum());
        strategies.put("concat-mlp", Fusion.intermediate().width(32).concatMlp(64));
        strategies.put("attention-sum", Fusion.intermediate().width(32).attention());
        strategies.put("gmu", Fusion.intermediate().width(32).gated());
        strategies.put("tfn", Fusion.intermediate().width(8).tensor());
        strategies.put("lmf", Fusion.intermediate().width(32).lowRank(4, 32));
        strategies.put("cross-attention", Fusion.intermediate().width(32).crossAttention(4, 1));
        strategies.put("self-attention", Fusion.intermediate().width(32).selfAttention(4, 1));
        strategies.put("late (product of experts)", Fusion.late().standardised().productOfExperts());
        return strategies;
    }

    /** The quickstart's spec around {@code strategy}: the three modalities, modality dropout 0.2, seed 7. */
    static FusionSpec spec(FusionStrategy strategy) {
        return FusionSpec.builder().fusion(strategy).head(Head.classification(LABELS)).seed(7)
                .modality(Modality.TEXT, TEXT_WIDTH).modality(Modality.AUDIO, AUDIO_WIDTH)
                .modality(Modality.IMAGE, IMAGE_WIDTH).modalityDropout(0.2).build();
    }

    private static float[] values(Random random, int count, int label) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() + (i % CLASSES == label ? 1f : 0f);
        }
        return values;
    }
}
