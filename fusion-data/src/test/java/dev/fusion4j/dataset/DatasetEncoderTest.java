package dev.fusion4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetEncoderTest {
    @TempDir
    Path temp;

    @BeforeEach
    void reset() {
        CountingEncoder.reset();
    }

    private static EncoderSpec counting(double scale, long delayMillis) {
        return EncoderSpec.of(CountingEncoder.TYPE, Map.of("scale", Double.toString(scale), "delayMillis",
                Long.toString(delayMillis)));
    }

    @Test
    void modalitiesAreEncodedAtOnceInBatchesAndKeepTheirOrder() throws Exception {
        CyclicBarrier bothModalities = new CyclicBarrier(2);
        Encoder<String> text = new BarrierEncoder(bothModalities, 1);
        Encoder<String> audio = new BarrierEncoder(bothModalities, 10);
        Files.writeString(temp.resolve("b.txt"), "bb");
        List<RawInputs> samples = List.of(
                RawInputs.builder().id("s0").text("a").put(Modality.AUDIO, "xyz").build(),
                RawInputs.builder().id("s1").text(temp.resolve("b.txt")).build(),
                RawInputs.builder().put(Modality.AUDIO, "cccc").build(),
                RawInputs.builder().id("s3").put(Modality.TEXT, "dddd".getBytes(StandardCharsets.UTF_8)).audio(new byte[] {'e'}).build());
        try (DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, text)
                .encoder(Modality.AUDIO, audio).batchSize(2).build()) {
            List<MultimodalSample> encoded = encoder.encode(samples);

            assertEquals(4, encoded.size());
            assertEquals(Optional.of("s0"), encoded.get(0).id());
            assertEquals(Optional.of(Features.vector(1, 'a')), encoded.get(0).get(Modality.TEXT));
            assertEquals(Optional.of(Features.vector(30, 'x')), encoded.get(0).get(Modality.AUDIO));
            assertEquals(Optional.of(Features.vector(2, 'b')), encoded.get(1).get(Modality.TEXT));
            assertEquals(List.of(Modality.TEXT), List.copyOf(encoded.get(1).modalities()));
            assertEquals(Optional.empty(), encoded.get(2).id());
            assertEquals(Optional.of(Features.vector(40, 'c')), encoded.get(2).get(Modality.AUDIO));
            assertEquals(Optional.of(Features.vector(4, 'd')), encoded.get(3).get(Modality.TEXT));
            assertEquals(Optional.of(Features.vector(10, 'e')), encoded.get(3).get(Modality.AUDIO));
        }
        assertEquals(List.of(), encodingThreads());
    }

    @Test
    void aFailureStopsTheOtherModalitiesAndIsThrownAsItWas() {
        List<RawInputs> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            samples.add(RawInputs.builder().id("s" + i).text(i == 1 ? "fail" : "ok").put(Modality.AUDIO, "slow").build());
        }
        CountingEncoder audio = new CountingEncoder(1, 25);
        try (audio; DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, counting(1, 0))
                .encoder(Modality.AUDIO, audio).batchSize(1).build()) {
            FusionException thrown = assertThrows(FusionException.class, () -> encoder.encode(samples));

            assertEquals("cannot encode the text 'fail'", thrown.getMessage());
            assertSame(FusionException.class, thrown.getClass());
            assertTrue(audio.encoded() < 20, "audio went on after the failure: " + audio.encoded());
            assertEquals(List.of(), encodingThreads());
        }
    }

    @Test
    void aFileThatCannotBeReadFailsWithItsReadersErrorNamingIt() {
        Path missing = temp.resolve("missing.txt");
        List<RawInputs> samples = List.of(RawInputs.builder().text(missing).put(Modality.AUDIO, "fine").build());
        try (DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, counting(1, 0))
                .encoder(Modality.AUDIO, counting(1, 0)).build()) {
            FusionException thrown = assertThrows(FusionException.class, () -> encoder.encode(samples));
            assertTrue(thrown.getMessage().startsWith("cannot read " + missing), thrown.getMessage());
        }
        assertEquals(List.of(), encodingThreads());
    }

    @Test
    void closeClosesTheEncodersBuiltFromSpecsOnly() {
        int before = CountingEncoder.OPEN.get();
        CountingEncoder own = new CountingEncoder(1, 0);
        DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, counting(1, 0))
                .encoder(Modality.AUDIO, own).encoder(Modality.IMAGE, counting(2, 0)).build();
        encoder.encode(List.of(RawInputs.builder().text("t").put(Modality.AUDIO, "a").put(Modality.IMAGE, "i").build()));
        assertEquals(before + 3, CountingEncoder.OPEN.get());

        encoder.close();

        assertEquals(before + 1, CountingEncoder.OPEN.get());
        own.close();
        assertEquals(List.of(), encodingThreads());
    }

    @Test
    void progressOffATerminalIsALogLineWithTheCountAndRate() {
        List<RawInputs> samples = List.of(RawInputs.builder().text("a").build(), RawInputs.builder().text("b").build());
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, counting(1, 0))
                .progress(true).build()) {
            encoder.encode(samples);
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.matches("(?s).*INFO dev\\.fusion4j\\.dataset\\.DatasetEncoder - encoded 2/2 samples, "
                + "[0-9.]+ samples/s, in 0:00\\R.*"), log);
    }

    @Test
    void progressIsOffByDefault() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, counting(1, 0)).build()) {
            encoder.encode(List.of(RawInputs.builder().text("a").build()));
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    private static List<String> encodingThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("fusion4j-encode-")).toList();
    }

    /**
     * A counting encoder whose every batch waits for a batch of another modality to start: encoding
     * the modalities one after the other would time out.
     */
    private static final class BarrierEncoder implements Encoder<String> {
        private final CyclicBarrier barrier;
        private final CountingEncoder counting;

        BarrierEncoder(CyclicBarrier barrier, double scale) {
            this.barrier = barrier;
            this.counting = new CountingEncoder(scale, 0);
        }

        @Override
        public int dim() {
            return counting.dim();
        }

        @Override
        public Optional<EncoderSpec> spec() {
            return counting.spec();
        }

        @Override
        public Features encode(String input) {
            return encodeAll(List.of(input)).get(0);
        }

        @Override
        public List<Features> encodeAll(List<String> inputs) {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other modality's batch did not run at the same time", e);
            }
            return counting.encodeAll(inputs);
        }
    }
}
