package dev.fusion4j.examples;

import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.dataset.Manifest;
import dev.fusion4j.dataset.RawDataset;
import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.dataset.Split;
import dev.fusion4j.dataset.Splits;
import dev.fusion4j.image.ImageDecoder;
import dev.fusion4j.image.LabelledImage;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.image.ResNetTrainer;
import dev.fusion4j.image.TrainedResNet;
import dev.fusion4j.model.Evaluation.ClassificationReport;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.text.BertTextEncoder;
import dev.fusion4j.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bring your own data — copy this program; it uses the public API only. A folder holds
 * {@code manifest.csv} (header {@code id,label,text,audio,image}; audio and image are paths relative
 * to the folder; any cell but the id and label may be empty; captions with commas are quoted) and
 * the files. The program splits the rows into stratified train, validation and test sets, trains the
 * built-in ResNet on the training images, encodes every modality, trains early fusion, saves model
 * and encoders as one pipeline, loads it back and predicts the test rows from their files.
 *
 * <p>{@code java ... BringYourOwnData /path/to/folder [pipeline-directory]}
 */
public final class BringYourOwnData {
    private static final long SEED = 7;

    private BringYourOwnData() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: BringYourOwnData <folder with manifest.csv> [pipeline directory]");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args.length > 1 ? args[1] : "byod-pipeline"));
    }

    /**
     * What a run found on the test rows.
     *
     * @param test the test rows, in the order predicted
     * @param trained the trained pipeline's predictions from the files, before saving
     * @param reloaded the reloaded pipeline's predictions from the files
     * @param report the reloaded pipeline's scores per class
     */
    public record Outcome(List<RawSample> test, List<Prediction> trained, List<Prediction> reloaded,
                          ClassificationReport report) {
    }

    /** Reads, splits, trains, saves, loads and predicts the test rows from their files. */
    public static Outcome run(Path folder, Path pipelineDirectory) {
        RawDataset data = Manifest.csv(folder.resolve("manifest.csv"))
                .id("id").label("label").text("text").audio("audio").image("image")
                .skipBadRows()
                .read();
        data.skipped().forEach(row -> System.out.println("skipped " + row));
        Split<RawSample> split = Splits.stratified(data.samples(), RawSample::label, SEED)
                .trainValidationTest(0.7, 0.1, 0.2);

        // up to 60 epochs, stopping after 30 without progress: shapes are often learned only after
        // a plateau on which colour alone is; patience 5 would stop there
        TrainedResNet network = ResNetTrainer.builder().epochs(60).earlyStopping(30).seed(SEED).build()
                .train(labelledImages(split.train(), data), labelledImages(split.validation(), data));
        MfccAudioEncoder audio = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
        try (BertTextEncoder text = BertTextEncoder.builder().build();
             ResNetImageEncoder image = network.newEncoder();
             DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, text)
                     .encoder(Modality.AUDIO, audio).encoder(Modality.IMAGE, image).build()) {
            FusionModel model = FusionSpec.builder()
                    .modality(Modality.TEXT, text)
                    .modality(Modality.AUDIO, audio)
                    .modality(Modality.IMAGE, image)
                    .fusion(Fusion.early().standardised())
                    .modalityDropout(0.2)
                    .head(Head.classification(data.classes().toArray(new String[0])))
                    .seed(SEED)
                    .build()
                    .train(encoder.encode(subset(data, split.train())), encoder.encode(subset(data, split.validation())),
                            TrainingOptions.builder().epochs(40).learningRate(1e-2f).progress(false).build());
            FusionPipeline pipeline = FusionPipeline.of(model, encoder.encoders());
            List<RawInputs> test = split.test().stream().map(RawInputs::of).toList();
            List<Prediction> trained = predict(pipeline, test);
            pipeline.save(pipelineDirectory);
            List<Prediction> reloaded = predict(FusionPipeline.load(pipelineDirectory), test);

            ClassificationReport report = ClassificationReport.of(
                    reloaded.stream().mapToInt(Prediction::classIndex).toArray(),
                    split.test().stream().mapToInt(row -> data.classIndex(row.label())).toArray(), data.classes());
            for (int i = 0; i < Math.min(5, test.size()); i++) {
                Prediction p = reloaded.get(i);
                System.out.printf("%s: predicted %s (p = %.2f), labelled %s%n", split.test().get(i).id(), p.label(),
                        p.probability(p.label()), split.test().get(i).label());
            }
            System.out.printf("saved to %s and reloaded: accuracy %.3f, macro-F1 %.3f on %d test rows%n",
                    pipelineDirectory, report.accuracy(), report.macroAverage().f1(), test.size());
            return new Outcome(split.test(), trained, reloaded, report);
        }
    }

    /** The images of the rows that have one, with their class indices. */
    private static List<LabelledImage> labelledImages(List<RawSample> rows, RawDataset data) {
        List<LabelledImage> images = new ArrayList<>();
        for (RawSample row : rows) {
            row.file(Modality.IMAGE).ifPresent(file ->
                    images.add(new LabelledImage(ImageDecoder.decode(file), data.classIndex(row.label()))));
        }
        return images;
    }

    private static RawDataset subset(RawDataset data, List<RawSample> rows) {
        return new RawDataset(rows, data.classes(), List.of());
    }

    private static List<Prediction> predict(FusionPipeline pipeline, List<RawInputs> samples) {
        try (FusionPipeline.Predictor predictor = pipeline.newPredictor()) {
            return predictor.predictAll(samples);
        }
    }
}
