package dev.fusion4j.cli;

import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.eval.ModalityReport;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fusion4j evaluate -p DIR MANIFEST}: the pipeline's metrics on the labelled rows of a manifest. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a saved pipeline on the labelled rows of a manifest.",
            "Prints accuracy, macro-F1, the confusion matrix, the per-class report and the modality report "
                    + "(each modality alone, each removed, and robustness to noise on each), and draws the noise "
                    + "curves to a PNG file."})
final class EvaluateCommand extends Subcommand {
    @Option(names = {"-p", "--pipeline"}, required = true, paramLabel = "DIR", description = "The saved pipeline.")
    Path pipeline;

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--chart", paramLabel = "PNG", defaultValue = "modality-report.png",
            description = "Where to draw the noise curves (default: ${DEFAULT-VALUE}).")
    Path chart;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seeds the modality report's noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    void run() throws IOException {
        FusionPipeline loaded = Pipelines.load(pipeline);
        FusionModel model = loaded.model();
        ManifestOptions.Rows rows = manifest.read(loaded.encoders().keySet(), true, err());
        List<MultimodalSample> samples;
        try (DatasetEncoder encoder = Pipelines.encoder(loaded, datasetEncoder())) {
            err().println("encoding " + rows.data().samples().size() + " rows …");
            err().flush();
            samples = Encoding.labelled(encoder, rows.data().samples(), model.spec().head().names());
            reportCache(encoder);
        }
        Reports.evaluation(model.evaluate(samples), out());
        ModalityReport report = ModalityReport.of(model, samples, seed);
        out().println("Modality report:");
        out().println();
        out().println(report.toMarkdown());
        Reports.robustnessChart(report, chart);
        out().println("drew the noise curves to " + chart);
    }
}
