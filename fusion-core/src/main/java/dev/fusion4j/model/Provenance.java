package dev.fusion4j.model;

import ai.djl.engine.Engine;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.train.EpochMetrics;
import dev.fusion4j.train.TrainingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a model came from, recorded when it is trained and kept by {@code model.json}. Immutable.
 * Fine-tuning ({@link FusionModel#fit}) records the options, data, versions and time of its run
 * and appends its epochs to the history.
 *
 * @param options the settings of the last training run by name ({@link TrainingOptions} without
 *     the progress display and the listeners); empty for an untrained model, and for a model saved
 *     by format version 2
 * @param data the fingerprint of the last run's training data; empty likewise
 * @param encoders per modality, the {@link dev.fusion4j.data.Encoder#description()} of the encoder
 *     given to {@link FusionSpec.Builder#modality(Modality, dev.fusion4j.data.Encoder)}
 * @param versions the software that trained, by name: {@code fusion4j}, {@code djl},
 *     {@code engine} (name and version), {@code java} and {@code os}; empty for an untrained model
 * @param trainedAt when the last training run finished; empty for an untrained model, and for a
 *     model saved by format version 2
 * @param history the metrics of every epoch of every run, oldest first
 */
public record Provenance(Map<String, String> options, Optional<DataFingerprint> data, Map<Modality, String> encoders,
                         Map<String, String> versions, Optional<Instant> trainedAt, List<EpochMetrics> history) {
    public Provenance {
        options = ordered(options);
        encoders = ordered(encoders);
        versions = ordered(versions);
        history = List.copyOf(history);
    }

    /** The provenance of a model that was never trained: nothing but its encoders. */
    static Provenance untrained(Map<Modality, String> encoders) {
        return new Provenance(Map.of(), Optional.empty(), encoders, Map.of(), Optional.empty(), List.of());
    }

    /** This provenance after one more training run: its settings, data and epochs. */
    Provenance trained(TrainingOptions options, DataFingerprint data, List<EpochMetrics> epochs) {
        List<EpochMetrics> all = new ArrayList<>(history);
        all.addAll(epochs);
        return new Provenance(options.settings(), Optional.of(data), encoders, currentVersions(),
                Optional.of(Instant.now()), all);
    }

    private static Map<String, String> currentVersions() {
        Engine engine = Engine.getEngine("PyTorch");
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("fusion4j", libraryVersion());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("engine", engine.getEngineName() + " " + engine.getVersion());
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return versions;
    }

    /** This library's version, written into {@code version.properties} by the build. */
    static String libraryVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String version = properties.getProperty("version", "");
            return version.isEmpty() || version.startsWith("${") ? "development" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <K, V> Map<K, V> ordered(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * What a model was trained on, without keeping the data: equal data (the same features and
     * labels in the same order, however the objects were made) gives an equal fingerprint; one
     * changed value gives another {@code sha256}.
     *
     * @param samples the number of samples
     * @param labels per name of the head, the number of samples of that class (classification and
     *     embedding heads) or whose value for that output is not 0 (multi-label, regression)
     * @param sha256 the SHA-256, in hex, of every sample's features (modalities in name order,
     *     their shape, values and timestamps) and label, in order; sample ids are left out
     */
    public record DataFingerprint(int samples, Map<String, Integer> labels, String sha256) {
        public DataFingerprint {
            labels = ordered(labels);
        }

        /** The fingerprint of labelled {@code samples} for {@code head}, whose labels fit it. */
        static DataFingerprint of(List<MultimodalSample> samples, Head head) {
            Digest digest = new Digest(head);
            samples.forEach(digest::add);
            return digest.finish();
        }

        /** A fingerprint taken one sample at a time, for a training set streamed in batches. */
        static final class Digest {
            private final Head head;
            private final Map<String, Integer> labels = new LinkedHashMap<>();
            private final MessageDigest digest = ModelStore.sha256Digest();
            private int samples;

            Digest(Head head) {
                this.head = head;
                head.names().forEach(name -> labels.put(name, 0));
            }

            /** Adds a labelled sample whose label fits the head. */
            void add(MultimodalSample sample) {
                Map<Modality, Features> features = new TreeMap<>(sample.features());
                digest.update(ints(features.size()));
                features.forEach((modality, f) -> {
                    digest.update(text(modality.name()));
                    digest.update(ints(f.isSequence() ? 1 : 0, f.length(), f.dim()));
                    digest.update(floats(f.toArray()));
                    double[] timestamps = f.hasTimestamps() ? f.timestamps() : new double[0];
                    digest.update(ints(timestamps.length));
                    ByteBuffer seconds = ByteBuffer.allocate(Double.BYTES * timestamps.length);
                    seconds.asDoubleBuffer().put(timestamps);
                    digest.update(seconds.array());
                });
                Label label = sample.label().orElseThrow();
                if (label.isClass()) {
                    digest.update(ints(-1, label.classIndex()));
                    labels.merge(head.names().get(label.classIndex()), 1, Integer::sum);
                } else {
                    float[] values = label.values();
                    digest.update(ints(values.length));
                    digest.update(floats(values));
                    for (int i = 0; i < values.length; i++) {
                        if (values[i] != 0) {
                            labels.merge(head.names().get(i), 1, Integer::sum);
                        }
                    }
                }
                samples++;
            }

            /** The fingerprint of the samples added. */
            DataFingerprint finish() {
                return new DataFingerprint(samples, labels, HexFormat.of().formatHex(digest.digest()));
            }
        }

        private static byte[] ints(int... values) {
            ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES * values.length);
            buffer.asIntBuffer().put(values);
            return buffer.array();
        }

        private static byte[] floats(float[] values) {
            ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * values.length);
            buffer.asFloatBuffer().put(values);
            return buffer.array();
        }

        /** A name with its length first, so that two names cannot run together. */
        private static byte[] text(String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
        }
    }
}
