package dev.fusion4j.spark;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.train.SampleSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Labelled samples read from the Parquet files that {@link SparkPipeline#encode} writes, pass
 * after pass, for {@link dev.fusion4j.model.FusionSpec#train(SampleSource, List,
 * dev.fusion4j.train.TrainingOptions) training} on more samples than the heap holds.
 *
 * <pre>{@code
 * job.encode(rows).write().option("parquet.block.size", 8 << 20).parquet("embeddings/");
 * SampleSource train = ParquetSamples.builder(Path.of("embeddings"))
 *         .modalities(Modality.TEXT, Modality.AUDIO, Modality.IMAGE).label("label").build();
 * FusionModel model = spec.train(train, validation, TrainingOptions.builder().epochs(5).build());
 * }</pre>
 *
 * <p>Reads the embedding and frames columns of each modality ({@link SparkPipeline#embeddingColumn},
 * {@link SparkPipeline#framesColumn}) and the label column: an integer is a class index, a
 * floating-point number a regression target. Other columns are not read; rows with an error
 * ({@link SparkPipeline#ERROR_COLUMN} set) are skipped. The survey pass reads the files in name
 * order; epoch {@code e} reads them in an order shuffled by the seed and {@code e}, through a
 * shuffle buffer of {@link Builder#shuffleBuffer(int)} samples that yields a random one of them
 * at a time. A reader holds one row group of one file at a time: write row groups of a few
 * megabytes ({@code parquet.block.size}) for a small heap. Immutable; each pass has its own readers.
 */
public final class ParquetSamples implements SampleSource {
    private final List<Path> files;
    private final List<Modality> modalities;
    private final String label;
    private final int shuffleBuffer;

    private ParquetSamples(Builder builder) {
        this.files = files(builder.location);
        this.modalities = List.copyOf(builder.modalities);
        this.label = builder.label;
        this.shuffleBuffer = builder.shuffleBuffer;
    }

    /** The samples of a Parquet file, or of the {@code .parquet} files of a directory (Spark's output). */
    public static Builder builder(Path location) {
        return new Builder(Objects.requireNonNull(location, "location"));
    }

    @Override
    public Pass open(int pass, long seed) {
        if (pass < 0) {
            throw new IllegalArgumentException("a pass is 0 (the survey) or an epoch from 1, not " + pass);
        }
        List<Path> order = new ArrayList<>(files);
        Random random = null;
        if (pass > 0) {
            random = new Random(seed * 1_000_003L + pass);
            Collections.shuffle(order, random);
        }
        return new ShuffledPass(new FilesPass(order), random, shuffleBuffer);
    }

    private static List<Path> files(Path location) {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        try (Stream<Path> list = Files.list(location)) {
            List<Path> files = list.filter(file -> file.getFileName().toString().endsWith(".parquet")).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no .parquet file in " + location);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + location, e);
        }
    }

    /** The samples of the files, one file after another. */
    private final class FilesPass {
        private final List<Path> order;
        private int next;
        private ParquetReader<Optional<MultimodalSample>> reader;

        FilesPass(List<Path> order) {
            this.order = order;
        }

        /** The next sample, or null at the end. */
        MultimodalSample read() {
            try {
                while (true) {
                    if (reader == null) {
                        if (next == order.size()) {
                            return null;
                        }
                        Path file = order.get(next++);
                        reader = EmbeddingReadSupport.reader(file, modalities, label);
                    }
                    Optional<MultimodalSample> sample = reader.read();
                    if (sample == null) {
                        close();
                    } else if (sample.isPresent()) {
                        return sample.get();
                    }
                }
            } catch (IOException e) {
                throw new FusionException("cannot read " + order.get(next - 1) + ": " + e.getMessage(), e);
            }
        }

        void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    /** Samples drawn at random from a buffer that the files refill; in file order without a generator. */
    private static final class ShuffledPass implements Pass {
        private final FilesPass files;
        private final Random random;
        private final List<MultimodalSample> buffer = new ArrayList<>();
        private final int capacity;
        private boolean exhausted;

        ShuffledPass(FilesPass files, Random random, int capacity) {
            this.files = files;
            this.random = random;
            this.capacity = random == null ? 1 : capacity;
        }

        @Override
        public List<MultimodalSample> next(int max) {
            List<MultimodalSample> batch = new ArrayList<>(max);
            while (batch.size() < max) {
                while (!exhausted && buffer.size() < capacity) {
                    MultimodalSample sample = files.read();
                    if (sample == null) {
                        exhausted = true;
                    } else {
                        buffer.add(sample);
                    }
                }
                if (buffer.isEmpty()) {
                    break;
                }
                int pick = random == null ? 0 : random.nextInt(buffer.size());
                batch.add(buffer.get(pick));
                buffer.set(pick, buffer.get(buffer.size() - 1));
                buffer.remove(buffer.size() - 1);
            }
            return batch;
        }

        @Override
        public void close() {
            buffer.clear();
            try {
                files.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a Parquet reader", e);
            }
        }
    }

    /** What to read; the modalities and the label column must be given. */
    public static final class Builder {
        private final Path location;
        private final List<Modality> modalities = new ArrayList<>();
        private String label;
        private int shuffleBuffer = 10_000;

        private Builder(Path location) {
            this.location = location;
        }

        /** The modalities whose embedding columns make each sample's features. */
        public Builder modalities(Modality... modalities) {
            this.modalities.clear();
            this.modalities.addAll(List.of(modalities));
            return this;
        }

        /** The label column: an integer class index or a floating-point target. */
        public Builder label(String column) {
            this.label = Objects.requireNonNull(column, "column");
            return this;
        }

        /** How many samples the epochs' shuffle draws from (10,000 by default); they are held in memory. */
        public Builder shuffleBuffer(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("the shuffle buffer holds at least 1 sample, not " + samples);
            }
            this.shuffleBuffer = samples;
            return this;
        }

        /**
         * The source.
         *
         * @throws IllegalArgumentException if no modality or label column was given, or the
         *     directory holds no {@code .parquet} file
         */
        public ParquetSamples build() {
            if (modalities.isEmpty()) {
                throw new IllegalArgumentException("name the modalities to read, e.g. modalities(Modality.TEXT)");
            }
            if (label == null) {
                throw new IllegalArgumentException("name the label column, e.g. label(\"label\")");
            }
            return new ParquetSamples(this);
        }
    }
}
