package dev.fusion4j.cli;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.Modality;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.model.FusionPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code fusion4j encode MANIFEST --cache DIR [-p DIR]}: fills the embedding cache. */
@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Encodes the rows of a manifest into the embedding cache (--cache, required).",
            "With a pipeline, with its encoders, so that evaluate and predict with the same --cache find every "
                    + "row; without, with the text and audio encoders train uses (train makes its image encoder "
                    + "from the data, so its features cannot be cached before)."})
final class EncodeCommand extends Subcommand {
    @Mixin
    ManifestOptions manifest;

    @Option(names = {"-p", "--pipeline"}, paramLabel = "DIR", description = "The saved pipeline whose encoders to use.")
    Path pipeline;

    @Override
    void run() {
        if (cache == null) {
            throw new ParameterException(spec.commandLine(), "encode needs --cache DIR: where to keep the features");
        }
        List<Encoder<?>> owned = new ArrayList<>();
        DatasetEncoder.Builder builder = datasetEncoder();
        List<Modality> modalities;
        if (pipeline != null) {
            FusionPipeline loaded = Pipelines.load(pipeline);
            loaded.encoders().forEach(builder::encoder);
            modalities = List.copyOf(loaded.encoders().keySet());
        } else {
            owned.add(DefaultEncoders.text());
            owned.add(DefaultEncoders.audio());
            builder.encoder(Modality.TEXT, owned.get(0)).encoder(Modality.AUDIO, owned.get(1));
            modalities = List.of(Modality.TEXT, Modality.AUDIO);
        }
        try {
            List<RawSample> rows = manifest.read(modalities, false, err()).data().samples();
            try (DatasetEncoder encoder = builder.build()) {
                encoder.encode(Encoding.inputs(rows));
                reportCache(encoder);
            }
            out().println("encoded " + rows.size() + " rows into " + cache);
        } finally {
            closeAll(owned);
        }
    }
}
