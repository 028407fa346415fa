package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A TarsosDSP MFCC encoder's spec holds every setting and rebuilds it; one encoder serves many threads. */
class TarsosMfccEncoderSpecTest {

    private static AudioClip noise(long seed) {
        Random random = new Random(seed);
        float[] x = new float[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * random.nextGaussian());
        }
        return AudioClip.of(x, 16000);
    }

    @Test
    void theSpecNamesEverySettingAndRebuildsTheEncoder() {
        TarsosMfccEncoder encoder = new TarsosMfccEncoder(16000, 400, 160, 13, 26, 20f, 7600f);
        EncoderSpec spec = encoder.spec().orElseThrow();
        assertEquals(EncoderSpec.of("tarsos-mfcc", Map.of("sampleRate", "16000", "frameLength", "400", "hop", "160",
                "coefficients", "13", "melFilters", "26", "lowHz", "20.0", "highHz", "7600.0")), spec);

        EncoderFactory<?> factory = EncoderFactory.find("tarsos-mfcc").orElseThrow();
        assertEquals(AudioClip.class, factory.inputType());
        TarsosMfccEncoder copy = (TarsosMfccEncoder) factory.create(spec);
        assertEquals(spec, copy.spec().orElseThrow());
        assertArrayEquals(encoder.encode(noise(1)).toArray(), copy.encode(noise(1)).toArray());
    }

    @Test
    void settingsThatDescribeNoAnalysisAreRefused() {
        IllegalArgumentException band = assertThrows(IllegalArgumentException.class,
                () -> new TarsosMfccEncoder(16000, 400, 160, 13, 26, 300f, 9000f));
        assertTrue(band.getMessage().contains("8000.0 Hz"), band.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TarsosMfccEncoder(16000, 400, 160, 30, 20, 0f, 8000f));
        EncoderFactory<?> factory = EncoderFactory.find("tarsos-mfcc").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> factory.create(EncoderSpec.of("tarsos-mfcc",
                Map.of("sampleRate", "16000"))));
    }

    @Test
    void concurrentCallsGiveWhatSequentialCallsGive() throws Exception {
        TarsosMfccEncoder encoder = new TarsosMfccEncoder(16000, 512, 256);
        List<float[]> sequential = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sequential.add(encoder.encode(noise(i)).toArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 8; i++) {
                    long seed = i;
                    futures.add(pool.submit(() -> encoder.encode(noise(seed)).toArray()));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertArrayEquals(sequential.get(k % 8), futures.get(k).get(), "clip " + k % 8);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
