package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Concat + MLP is nonlinear even with one hidden layer (issue 15, item 3). */
class ConcatMlpLearningTest {

    /**
     * XOR of the signs of two modalities. A model whose logit is a sum of a function of text and
     * a function of audio (which a linear MLP on the concatenated, separately projected vectors is)
     * gets at most three of the four quadrants right: about 0.75.
     */
    @Test
    void oneHiddenLayerLearnsTheXorOfTwoModalitiesSigns() {
        List<MultimodalSample> xor = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            float text = magnitude(random) * (i % 2 == 0 ? 1 : -1);
            float audio = magnitude(random) * (i / 2 % 2 == 0 ? 1 : -1);
            xor.add(MultimodalSample.builder().id("s" + i)
                    .put(Modality.TEXT, Features.vector(text)).put(Modality.AUDIO, Features.vector(audio))
                    .label(text > 0 == audio > 0 ? 0 : 1).build());
        }
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, 1).modality(Modality.AUDIO, 1)
                .fusion(Fusion.intermediate().width(8).dropout(0f).concatMlp(16))
                .head(Head.classification("same sign", "different signs")).seed(3).build();
        FusionModel trained = spec.train(xor, List.of(), TrainingOptions.builder().epochs(60).batchSize(32)
                .learningRate(1e-2f).progress(false).build());
        double accuracy = trained.evaluate(xor).accuracy();
        assertTrue(accuracy >= 0.95, "training accuracy on XOR " + accuracy);
    }

    private static float magnitude(Random random) {
        return 0.2f + 1.3f * random.nextFloat();
    }
}
