package dev.fusion4j.spark;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a {@link MultimodalSample} straight from each Parquet record of {@link SparkPipeline#encode}'s
 * layout, reading only its embedding, frames, label and error columns: an embedding is a list of
 * floats (Spark's three-level {@code LIST}: group, repeated group, element) whose values go into
 * one growing array. A record with an error becomes an empty {@code Optional}.
 */
final class EmbeddingReadSupport extends ReadSupport<Optional<MultimodalSample>> {
    private final List<Modality> modalities;
    private final String label;
    private final Path file;

    EmbeddingReadSupport(List<Modality> modalities, String label, Path file) {
        this.modalities = modalities;
        this.label = label;
        this.file = file;
    }

    /** A reader of {@code file} with this read support. */
    static ParquetReader<Optional<MultimodalSample>> reader(Path file, List<Modality> modalities, String label)
            throws IOException {
        return new Builder(new LocalInputFile(file),
                new EmbeddingReadSupport(modalities, label, file)).build();
    }

    private static final class Builder extends ParquetReader.Builder<Optional<MultimodalSample>> {
        private final EmbeddingReadSupport support;

        Builder(InputFile file, EmbeddingReadSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected ReadSupport<Optional<MultimodalSample>> getReadSupport() {
            return support;
        }
    }

    @Override
    public ReadContext init(InitContext context) {
        MessageType schema = context.getFileSchema();
        List<Type> fields = new ArrayList<>();
        require(schema, label);
        fields.add(schema.getType(label));
        for (Modality modality : modalities) {
            String embedding = SparkPipeline.embeddingColumn(modality);
            require(schema, embedding);
            fields.add(schema.getType(embedding));
            if (schema.containsField(SparkPipeline.framesColumn(modality))) {
                fields.add(schema.getType(SparkPipeline.framesColumn(modality)));
            }
        }
        if (schema.containsField(SparkPipeline.ERROR_COLUMN)) {
            fields.add(schema.getType(SparkPipeline.ERROR_COLUMN));
        }
        return new ReadContext(new MessageType(schema.getName(), fields));
    }

    private void require(MessageType schema, String column) {
        if (!schema.containsField(column)) {
            throw new FusionException(file + " has no column '" + column + "'; its columns are "
                    + schema.getFields().stream().map(Type::getName).toList());
        }
    }

    @Override
    public RecordMaterializer<Optional<MultimodalSample>> prepareForRead(Configuration configuration,
            Map<String, String> metadata, MessageType fileSchema, ReadContext context) {
        return new Materializer(context.getRequestedSchema());
    }

    /** Collects one record's values, then builds its sample. */
    private final class Materializer extends RecordMaterializer<Optional<MultimodalSample>> {
        private final Converter[] converters;
        private final float[][] values = new float[modalities.size()][];
        private final int[] sizes = new int[modalities.size()];
        private final boolean[] present = new boolean[modalities.size()];
        private final Integer[] frames = new Integer[modalities.size()];
        private Label value;
        private boolean error;
        private final GroupConverter root;

        Materializer(MessageType schema) {
            converters = new Converter[schema.getFieldCount()];
            for (int f = 0; f < converters.length; f++) {
                converters[f] = converter(schema.getType(f));
            }
            for (int m = 0; m < values.length; m++) {
                values[m] = new float[64];
            }
            root = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return converters[fieldIndex];
                }

                @Override
                public void start() {
                    Arrays.fill(sizes, 0);
                    Arrays.fill(present, false);
                    Arrays.fill(frames, null);
                    value = null;
                    error = false;
                }

                @Override
                public void end() {
                }
            };
        }

        private Converter converter(Type field) {
            String name = field.getName();
            if (name.equals(label)) {
                return new PrimitiveConverter() {
                    @Override
                    public void addInt(int v) {
                        value = Label.ofClass(v);
                    }

                    @Override
                    public void addLong(long v) {
                        value = Label.ofClass(Math.toIntExact(v));
                    }

                    @Override
                    public void addFloat(float v) {
                        value = Label.ofValues(v);
                    }

                    @Override
                    public void addDouble(double v) {
                        value = Label.ofValues((float) v);
                    }
                };
            }
            if (name.equals(SparkPipeline.ERROR_COLUMN)) {
                return new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary v) {
                        error = true;
                    }
                };
            }
            for (int m = 0; m < modalities.size(); m++) {
                int modality = m;
                if (name.equals(SparkPipeline.framesColumn(modalities.get(m)))) {
                    return new PrimitiveConverter() {
                        @Override
                        public void addInt(int v) {
                            frames[modality] = v;
                        }
                    };
                }
                if (name.equals(SparkPipeline.embeddingColumn(modalities.get(m)))) {
                    return list(field.asGroupType(), modality);
                }
            }
            throw new IllegalStateException("no converter for column " + name);
        }

        /** A {@code LIST} group whose repeated group's element is a float appended to the modality's values. */
        private GroupConverter list(GroupType list, int modality) {
            if (list.getFieldCount() != 1 || list.getType(0).isPrimitive()) {
                throw new FusionException(file + ": column '" + list.getName() + "' is not a list of floats");
            }
            PrimitiveConverter element = new PrimitiveConverter() {
                @Override
                public void addFloat(float v) {
                    if (sizes[modality] == values[modality].length) {
                        values[modality] = Arrays.copyOf(values[modality], 2 * sizes[modality]);
                    }
                    values[modality][sizes[modality]++] = v;
                }
            };
            GroupConverter repeated = group(element, () -> { });
            return group(repeated, () -> present[modality] = true);
        }

        private GroupConverter group(Converter child, Runnable onStart) {
            return new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return child;
                }

                @Override
                public void start() {
                    onStart.run();
                }

                @Override
                public void end() {
                }
            };
        }

        @Override
        public Optional<MultimodalSample> getCurrentRecord() {
            if (error) {
                return Optional.empty();
            }
            MultimodalSample.Builder sample = MultimodalSample.builder();
            if (value != null) {
                sample.label(value);
            }
            for (int m = 0; m < modalities.size(); m++) {
                if (present[m]) {
                    float[] v = Arrays.copyOf(values[m], sizes[m]);
                    sample.put(modalities.get(m), frames[m] == null ? Features.vector(v)
                            : Features.sequence(v, frames[m], sizes[m] / frames[m]));
                }
            }
            return Optional.of(sample.build());
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }
}
