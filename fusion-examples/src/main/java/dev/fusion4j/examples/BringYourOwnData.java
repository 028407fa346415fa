package dev.fusion4j.examples;

import dev.fusion4j.audio.AudioClip;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.audio.WavDecoder;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.image.ImageDecoder;
import dev.fusion4j.image.ResNet;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.train.TrainingOptions;
import dev.fusion4j.text.BertTextEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Bring your own data — copy this program. A folder holds {@code manifest.csv}
 * ({@code id,label,text,audio,image}; audio and image are file names in the folder, any field but
 * the id may be empty) and the files. The program encodes each modality, trains early fusion on
 * four samples in five, saves the model with its encoders as a pipeline, loads it back and
 * predicts the rest from their files.
 *
 * <p>{@code java ... BringYourOwnData /path/to/folder}; without an argument it first writes a
 * sample folder from the demo set to {@code target/byod-sample}.
 */
public final class BringYourOwnData {
    private BringYourOwnData() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : writeSampleFolder(Path.of("target", "byod-sample"), 150);
        run(folder, Path.of("target", "byod-model"), 30);
    }

    /**
     * What a run found on the held-out rows.
     *
     * @param trained the trained pipeline's predictions from the files, before saving
     * @param reloaded the reloaded pipeline's predictions from the files
     * @param accuracy the reloaded pipeline's accuracy
     */
    record Outcome(List<Prediction> trained, List<Prediction> reloaded, double accuracy) {
    }

    /** Trains, saves, loads and predicts the held-out rows from their files. */
    static Outcome run(Path folder, Path modelDirectory, int epochs) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(folder.resolve("manifest.csv"));
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        List<String> labels = new ArrayList<>(new TreeSet<>(rows.stream().map(r -> r[1]).toList()));
        MfccAudioEncoder audio = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
        List<MultimodalSample> samples = new ArrayList<>();
        try (BertTextEncoder text = BertTextEncoder.builder().build();
             ResNetImageEncoder image = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.25, 1)
                     .preprocessor(DemoFeatures.DIGITS).build()) {
            for (String[] row : rows) {
                MultimodalSample.Builder sample = MultimodalSample.builder().id(row[0]).label(labels.indexOf(row[1]));
                if (!row[2].isBlank()) {
                    sample.put(Modality.TEXT, text.encode(row[2]));
                }
                if (!row[3].isBlank()) {
                    sample.put(Modality.AUDIO, audio.encode(WavDecoder.decode(folder.resolve(row[3]))));
                }
                if (!row[4].isBlank()) {
                    sample.put(Modality.IMAGE, image.encode(ImageDecoder.decode(folder.resolve(row[4]))));
                }
                samples.add(sample.build());
            }
            int split = samples.size() * 4 / 5;
            List<MultimodalSample> heldOut = samples.subList(split, samples.size());
            FusionModel model = FusionSpec.builder()
                    .modality(Modality.TEXT, text)
                    .modality(Modality.AUDIO, audio)
                    .modality(Modality.IMAGE, image)
                    .fusion(Fusion.early().standardised())
                    .head(Head.classification(labels.toArray(new String[0])))
                    .build()
                    .train(samples.subList(0, split), List.of(), TrainingOptions.builder().epochs(epochs)
                            .learningRate(1e-2f).progress(false).build());
            FusionPipeline pipeline = FusionPipeline.of(model, Map.of(Modality.TEXT, text, Modality.AUDIO, audio,
                    Modality.IMAGE, image));
            List<RawInputs> files = new ArrayList<>();
            for (String[] row : rows.subList(split, rows.size())) {
                files.add(rawInputs(row, folder));
            }
            List<Prediction> trained;
            try (FusionPipeline.Predictor predictor = pipeline.newPredictor()) {
                trained = predictor.predictAll(files);
            }
            pipeline.save(modelDirectory);
            List<Prediction> predictions;
            try (FusionPipeline.Predictor predictor = FusionPipeline.load(modelDirectory).newPredictor()) {
                predictions = predictor.predictAll(files);
            }
            int correct = 0;
            for (int i = 0; i < heldOut.size(); i++) {
                correct += predictions.get(i).classIndex() == heldOut.get(i).label().orElseThrow().classIndex() ? 1 : 0;
            }
            double accuracy = correct / (double) heldOut.size();
            for (int i = 0; i < Math.min(5, heldOut.size()); i++) {
                System.out.printf("%s: predicted %s (p = %.2f), labelled %s%n", heldOut.get(i).id().orElseThrow(),
                        predictions.get(i).label(), predictions.get(i).probability(predictions.get(i).label()),
                        labels.get(heldOut.get(i).label().orElseThrow().classIndex()));
            }
            System.out.printf("saved to %s, reloaded: accuracy %.3f on %d held-out samples%n", modelDirectory,
                    accuracy, heldOut.size());
            return new Outcome(trained, predictions, accuracy);
        }
    }

    /** A manifest row's inputs: its caption and the paths of its files, where not empty. */
    private static RawInputs rawInputs(String[] row, Path folder) {
        RawInputs.Builder sample = RawInputs.builder().id(row[0]);
        if (!row[2].isBlank()) {
            sample.text(row[2]);
        }
        if (!row[3].isBlank()) {
            sample.audio(folder.resolve(row[3]));
        }
        if (!row[4].isBlank()) {
            sample.image(folder.resolve(row[4]));
        }
        return sample.build();
    }

    /**
     * Writes the first {@code count} demo samples as files plus {@code manifest.csv}
     * ({@code id,label,text,audio,image}), as a user's folder would be; fusion-cli's tests use it.
     */
    public static Path writeSampleFolder(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        StringBuilder manifest = new StringBuilder("id,label,text,audio,image\n");
        List<DemoDataset.Item> items = DemoDataset.load();
        for (DemoDataset.Item item : items.subList(0, count)) {
            writeWav(item.audio(), folder.resolve(item.id() + ".wav"));
            ImageIO.write(item.image(), "png", folder.resolve(item.id() + ".png").toFile());
            manifest.append(item.id()).append(',').append(item.label()).append(',').append(item.caption()).append(',')
                    .append(item.id()).append(".wav,").append(item.id()).append(".png\n");
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        return folder;
    }

    private static void writeWav(AudioClip clip, Path file) throws IOException {
        float[] samples = clip.samples();
        ByteBuffer pcm = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            pcm.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * 32767));
        }
        AudioFormat format = new AudioFormat(clip.sampleRate(), 16, 1, true, false);
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format,
                samples.length)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
