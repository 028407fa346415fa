package dev.fusion4j.examples;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.eval.ModalityReport;
import dev.fusion4j.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Missing modalities and modality dropout: the same cross-attention model on the demo digits,
 * trained with and without modality dropout, measured by the modality report (each modality
 * alone, each removed, Gaussian noise of increasing strength on one at a time) with a robustness
 * chart per model in {@code target/missing-modalities/}.
 */
public final class MissingModalities {
    private MissingModalities() {
    }

    public static void main(String[] args) throws Exception {
        run(25, 6, Path.of("target", "missing-modalities"));
    }

    /** Returns the two reports: without dropout, then with. */
    static List<ModalityReport> run(int epochs, int imageEpochs, Path output) throws Exception {
        List<MultimodalSample> all = DemoFeatures.encode(DemoDataset.load(), imageEpochs, 7);
        List<MultimodalSample> train = all.subList(0, 600);
        List<MultimodalSample> test = all.subList(600, all.size());
        TrainingOptions options = TrainingOptions.builder().epochs(epochs).learningRate(3e-3f).progress(false).build();
        Files.createDirectories(output);
        ModalityReport plain = report("without dropout", 0, train, test, options, output.resolve("robustness-plain.png"));
        ModalityReport dropout = report("with modality dropout 0.3", 0.3, train, test, options,
                output.resolve("robustness-dropout.png"));
        System.out.println("Charts in " + output);
        return List.of(plain, dropout);
    }

    private static ModalityReport report(String name, double dropout, List<MultimodalSample> train,
                                         List<MultimodalSample> test, TrainingOptions options, Path chart)
            throws IOException {
        FusionSpec.Builder builder = FusionSpec.builder()
                .modality(Modality.TEXT, DemoFeatures.TEXT_WIDTH)
                .modality(Modality.AUDIO, DemoFeatures.AUDIO_WIDTH)
                .modality(Modality.IMAGE, DemoFeatures.IMAGE_WIDTH)
                .fusion(Fusion.intermediate().width(32).crossAttention(4, 1))
                .head(Head.classification(DemoDataset.LABELS))
                .seed(7);
        if (dropout > 0) {
            builder.modalityDropout(dropout);
        }
        FusionModel model = builder.build().train(train, List.of(), options);
        ModalityReport report = ModalityReport.of(model, test, 1);
        System.out.printf(Locale.ROOT, "%n## Cross-attention %s%n%n%s", name, report.toMarkdown());
        Charts.writePng(Charts.robustness(report), chart);
        return report;
    }
}
