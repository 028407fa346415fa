package dev.fusion4j.cli;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.dataset.RawDataset;
import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.dataset.Split;
import dev.fusion4j.dataset.Splits;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.model.Head;
import dev.fusion4j.train.TrainingOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fusion4j train MANIFEST -o DIR}: reads the manifest, splits it (stratified, seeded),
 * trains the image network on the training images, encodes every row, trains the fusion model,
 * prints its test metrics next to each modality alone, and saves the pipeline.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = false,
        description = {"Trains a pipeline (encoders and fusion model) on a manifest and saves it.",
            "Rows are split into train, validation and test parts, stratified by label and seeded. Encoders: "
                    + "captions with the embedded all-MiniLM-L6-v2, WAVs (any rate) with Kaldi MFCCs and their deltas "
                    + "(mean and std over frames), images with a ResNet-18 trained on the training images. The "
                    + "model trains with early stopping on validation; the test part gives the metrics printed, "
                    + "for the fused model and for each modality alone."})
final class TrainCommand extends Subcommand {
    @Mixin
    ManifestOptions manifest;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Where to save the pipeline (a directory, created or replaced).")
    Path output;

    @Option(names = "--modalities", split = ",", paramLabel = "M", defaultValue = "text,audio,image",
            converter = ModalityConverter.class, description = "The modalities to use, of text, audio, image "
            + "(default: ${DEFAULT-VALUE}); those without a column in a CSV header are left out.")
    List<Modality> modalities;

    @Option(names = "--fusion", paramLabel = "STRATEGY", defaultValue = "early",
            converter = FusionChoice.Converter.class,
            description = "early (standardised features concatenated), late (a standardised head per modality and "
                    + "a learned stacker), product-of-experts, sum, concat-mlp, gated, attention, low-rank, "
                    + "cross-attention, self-attention (default: ${DEFAULT-VALUE}).")
    FusionChoice fusion;

    @Option(names = "--width", paramLabel = "N", defaultValue = "64",
            description = "The width intermediate and attention fusion project each modality to "
                    + "(default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--head", paramLabel = "KIND", defaultValue = "classification",
            converter = HeadChoice.Converter.class,
            description = "classification (softmax over the classes) or embedding (a unit embedding scored against "
                    + "learned class prototypes) (default: ${DEFAULT-VALUE}).")
    HeadChoice head;

    @Option(names = "--embedding-width", paramLabel = "N", defaultValue = "32",
            description = "The width of the embedding head (default: ${DEFAULT-VALUE}).")
    int embeddingWidth;

    @Option(names = "--modality-dropout", paramLabel = "P", defaultValue = "0.2", description = "Drop each "
            + "modality of a training sample with this probability, so the model copes with missing ones "
            + "(default: ${DEFAULT-VALUE}).")
    double modalityDropout;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
            description = "The most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "15", description = "Stop after this many "
            + "epochs without a better validation metric, keeping the best weights "
            + "(default: ${DEFAULT-VALUE}; 0: never).")
    int patience;

    @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "3e-3",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--balanced", description = "Weigh each class inversely to its frequency in the loss.")
    boolean balanced;

    @Option(names = "--split", split = ",", paramLabel = "F", defaultValue = "0.7,0.15,0.15", description = "The "
            + "train, validation and test fractions, summing to 1 (default: ${DEFAULT-VALUE}).")
    List<Double> split;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seeds the split, the initial weights and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--compare", negatable = true, defaultValue = "true", fallbackValue = "true", description =
            "Also train a model on each modality alone, on the same split, and print the test table (default: on).")
    boolean compare;

    @Mixin
    ImageOptions image;

    @Override
    void run() {
        if (split.size() != 3) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--split takes three fractions (train, validation, test), got " + split);
        }
        ManifestOptions.Rows rows = manifest.read(modalities, true, err());
        RawDataset data = rows.data();
        if (data.classes().size() < 2) {
            throw new BadDataException(manifest.manifest + " has " + data.classes().size()
                    + " class(es) " + data.classes() + "; a classifier needs at least 2");
        }
        List<RawSample> samples = data.samples();
        Split<Integer> parts = Splits.stratified(IntStream.range(0, samples.size()).boxed().toList(),
                i -> samples.get(i).label(), seed).trainValidationTest(split.get(0), split.get(1), split.get(2));
        err().printf(Locale.ROOT, "%d rows, %d classes, modalities %s: %d train, %d validation, %d test%n",
                samples.size(), data.classes().size(), rows.modalities(), parts.train().size(),
                parts.validation().size(), parts.test().size());
        Map<Modality, Encoder<?>> encoders = new LinkedHashMap<>();
        try {
            for (Modality modality : rows.modalities()) {
                encoders.put(modality, modality.equals(Modality.TEXT) ? DefaultEncoders.text()
                        : modality.equals(Modality.AUDIO) ? DefaultEncoders.audio()
                        : image.train(data, pick(samples, parts.train()), pick(samples, parts.validation()), seed,
                                progress, err()));
            }
            List<MultimodalSample> encoded;
            DatasetEncoder.Builder builder = datasetEncoder();
            encoders.forEach(builder::encoder);
            try (DatasetEncoder datasetEncoder = builder.build()) {
                err().println("encoding " + samples.size() + " rows …");
                err().flush();
                encoded = Encoding.labelled(datasetEncoder, samples, data.classes());
                reportCache(datasetEncoder);
            }
            List<MultimodalSample> train = pick(encoded, parts.train());
            List<MultimodalSample> validation = pick(encoded, parts.validation());
            List<MultimodalSample> test = pick(encoded, parts.test());
            FusionModel model = fit(encoders, fusion.strategy(width), data.classes(), train, validation);
            if (!test.isEmpty()) {
                out().printf(Locale.ROOT, "%nTest metrics of the fused model (%s fusion of %s):%n", fusion,
                        rows.modalities());
                Reports.evaluation(model.evaluate(test), out());
                if (compare && encoders.size() > 1) {
                    new SingleModalityComparison(model, test).print(encoders.keySet(), modality -> fit(
                            Map.of(modality, encoders.get(modality)), FusionChoice.EARLY.strategy(width),
                            data.classes(), SingleModalityComparison.only(train, modality),
                            SingleModalityComparison.only(validation, modality)), out());
                }
            }
            FusionPipeline.of(model, encoders).save(output);
            out().println("saved the pipeline to " + output);
        } finally {
            closeAll(encoders.values());
        }
    }

    private FusionModel fit(Map<Modality, Encoder<?>> encoders, FusionStrategy strategy, List<String> classes,
                            List<MultimodalSample> train, List<MultimodalSample> validation) {
        FusionSpec.Builder spec = FusionSpec.builder().fusion(strategy).seed(seed)
                .head(head.head(embeddingWidth, classes.toArray(new String[0])));
        encoders.forEach(spec::modality);
        if (encoders.size() > 1) {
            spec.modalityDropout(modalityDropout);
        }
        TrainingOptions.Builder options = TrainingOptions.builder().epochs(epochs).learningRate(learningRate)
                .batchSize(batchSize).earlyStopping(validation.isEmpty() ? 0 : patience).progress(false);
        if (balanced) {
            options.balancedClassWeights();
        }
        if (progress) {
            String name = encoders.size() > 1 ? "fused" : encoders.keySet().iterator().next() + " only";
            options.listener(m -> {
                err().printf(Locale.ROOT, "  %s epoch %d/%d  loss %.4f  validation loss %.4f  metric %.4f%n", name,
                        m.epoch(), epochs, m.trainingLoss(), m.validationLoss(), m.validationMetric());
                err().flush();
            });
        }
        return spec.build().train(train, validation, options.build());
    }

    private static <T> List<T> pick(List<T> items, List<Integer> indices) {
        return indices.stream().map(items::get).toList();
    }
}
