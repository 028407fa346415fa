package dev.fusion4j.cli;

import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.model.Predictor;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fusion4j predict -p DIR MANIFEST [-o FILE]}: a prediction per row, as CSV or JSON Lines. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predicts the class of each row of a manifest with a saved pipeline.",
            "Writes one line per row: CSV (id, label, p_<class> per class) or JSON Lines ({\"id\", \"label\", "
                    + "\"probabilities\": {class: p}}). A label column in the manifest is ignored."})
final class PredictCommand extends Subcommand {
    /** Rows encoded and predicted at a time, so that a large manifest streams. */
    private static final int CHUNK = 512;

    @Option(names = {"-p", "--pipeline"}, required = true, paramLabel = "DIR", description = "The saved pipeline.")
    Path pipeline;

    @Mixin
    ManifestOptions manifest;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the predictions (default: standard output).")
    Path output;

    @Option(names = "--output-format", paramLabel = "csv|jsonl", description = "The predictions' format; by "
            + "default JSON Lines for a file name ending in .jsonl or .json, else CSV.")
    PredictionWriter.Format outputFormat;

    @Override
    void run() throws IOException {
        FusionPipeline loaded = Pipelines.load(pipeline);
        List<RawSample> rows = manifest.read(loaded.encoders().keySet(), false, err()).data().samples();
        PredictionWriter.Format format = outputFormat != null ? outputFormat
                : output == null ? PredictionWriter.Format.CSV
                : PredictionWriter.formatOf(output.getFileName().toString());
        try (DatasetEncoder encoder = Pipelines.encoder(loaded, datasetEncoder());
             Predictor predictor = loaded.model().newPredictor();
             Writer writer = output == null ? new UnclosedWriter(out()) : Files.newBufferedWriter(output,
                     StandardCharsets.UTF_8)) {
            PredictionWriter predictions = new PredictionWriter(writer, format, loaded.model().spec().head().names());
            for (int start = 0; start < rows.size(); start += CHUNK) {
                List<RawSample> chunk = rows.subList(start, Math.min(rows.size(), start + CHUNK));
                if (progress) {
                    err().printf("predicting rows %d-%d of %d …%n", start + 1, start + chunk.size(), rows.size());
                    err().flush();
                }
                List<MultimodalSample> samples = encoder.encode(Encoding.inputs(chunk));
                List<Prediction> predicted = predictor.predictAll(samples);
                for (int i = 0; i < chunk.size(); i++) {
                    predictions.write(chunk.get(i).id(), predicted.get(i));
                }
            }
            predictions.flush();
            reportCache(encoder);
        }
        if (output != null) {
            err().println("wrote " + rows.size() + " predictions to " + output);
        }
    }

    /** Standard output, flushed but not closed. */
    private static final class UnclosedWriter extends java.io.FilterWriter {
        UnclosedWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
