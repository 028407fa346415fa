package dev.fusion4j.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzz target: building features from arbitrary values and shapes fails only with InvalidFeaturesException. */
class FeaturesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void constructionThrowsOnlyInvalidFeaturesException(FuzzedDataProvider data) {
        int length = data.consumeInt(-2, 64);
        int dim = data.consumeInt(-2, 64);
        float[] values = new float[data.consumeInt(0, 512)];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.consumeFloat();
        }
        double[] times = new double[data.consumeInt(0, 64)];
        for (int i = 0; i < times.length; i++) {
            times[i] = data.consumeDouble();
        }
        try {
            Features f = Features.sequence(values, length, dim).withTimestamps(times);
            if (f.length() != length || f.dim() != dim) {
                throw new IllegalStateException("shape changed");
            }
        } catch (InvalidFeaturesException expected) {
            // documented
        }
    }
}
