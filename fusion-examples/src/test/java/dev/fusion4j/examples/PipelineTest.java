package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.fusion4j.CloseRace;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.audio.WavDecoder;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.image.ImageDecoder;
import dev.fusion4j.image.ImagePreprocessor;
import dev.fusion4j.image.ResNet;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.model.EncoderMismatchException;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.ModelFormatException;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.model.Predictor;
import dev.fusion4j.text.BertTextEncoder;
import dev.fusion4j.train.TrainingOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline of the embedded MiniLM, Kaldi MFCC and a built-in ResNet body (its weights carried
 * in the pipeline's files), trained on synthetic files: captions, sine tones written as WAVs at 8
 * and 16 kHz, squares and discs drawn as PNGs.
 */
class PipelineTest {
    private static final int SAMPLES = 12;
    private static final ImagePreprocessor PIXELS = ImagePreprocessor.of(36, 32, new float[] {0.3f, 0.3f, 0.3f},
            new float[] {0.4f, 0.4f, 0.4f});
    private static Path folder;
    private static FusionModel model;
    private static FusionPipeline pipeline;
    /** The model's predictions on the features the original encoders made. */
    private static List<Prediction> expected;

    @BeforeAll
    static void trainOnSyntheticFiles(@TempDir Path dir) throws IOException {
        folder = dir;
        List<MultimodalSample> samples = new ArrayList<>();
        MfccAudioEncoder audio = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
        try (BertTextEncoder text = BertTextEncoder.builder().build(); ResNetImageEncoder image = imageEncoder()) {
            for (int i = 0; i < SAMPLES; i++) {
                Files.writeString(dir.resolve(i + ".txt"), caption(i));
                Files.write(dir.resolve(i + ".wav"), wav(i));
                Files.write(dir.resolve(i + ".png"), png(i));
                samples.add(MultimodalSample.builder().id("s" + i).label(i % 2)
                        .put(Modality.TEXT, text.encode(caption(i)))
                        .put(Modality.AUDIO, audio.encode(WavDecoder.decode(wav(i))))
                        .put(Modality.IMAGE, image.encode(drawing(i)))
                        .build());
            }
            model = FusionSpec.builder().modality(Modality.TEXT, text).modality(Modality.AUDIO, audio)
                    .modality(Modality.IMAGE, image).fusion(Fusion.early().standardised())
                    .head(Head.classification("low", "high")).build()
                    .train(samples, List.of(), TrainingOptions.builder().epochs(10).progress(false).build());
            try (Predictor predictor = model.newPredictor()) {
                expected = predictor.predictAll(samples);
            }
            pipeline = FusionPipeline.of(model, Map.of(Modality.TEXT, text, Modality.AUDIO, audio, Modality.IMAGE, image));
        }
    }

    /** An encoder of a ResNet-18 body of width 1/8 with seeded weights, as one trained would be given. */
    private static ResNetImageEncoder imageEncoder() {
        Engine.getEngine("PyTorch").setRandomSeed(4);
        Block body = ResNet.features(ResNet.Depth.RESNET18, 0.125);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            body.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            return ResNetImageEncoder.builder().preprocessor(PIXELS).trainedFeatures(ResNet.Depth.RESNET18, 0.125, body)
                    .build();
        }
    }

    private static String caption(int i) {
        return (i % 2 == 0 ? "a low hum, number " : "a high whistle, number ") + i;
    }

    /** A 0.4 s sine of 220 or 1760 Hz at 16-bit, 8 kHz for every third sample, 16 kHz otherwise. */
    private static byte[] wav(int i) {
        int rate = i % 3 == 0 ? 8000 : 16000;
        double hz = (i % 2 == 0 ? 220 : 1760) + 10 * i;
        int n = rate * 2 / 5;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * n);
        for (int t = 0; t < n; t++) {
            b.putShort((short) Math.round(12000 * Math.sin(2 * Math.PI * hz * t / rate)));
        }
        return b.array();
    }

    /** A white square (low) or disc (high) on black, its size varying with {@code i}. */
    private static BufferedImage drawing(int i) {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        int size = 14 + i;
        if (i % 2 == 0) {
            g.fillRect(20 - size / 2, 20 - size / 2, size, size);
        } else {
            g.fillOval(20 - size / 2, 20 - size / 2, size, size);
        }
        g.dispose();
        return image;
    }

    private static byte[] png(int i) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(drawing(i), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sample {@code i} as raw inputs, in the form its index picks: files, their bytes, or decoded values. */
    private static RawInputs raw(int i) throws IOException {
        RawInputs.Builder sample = RawInputs.builder().id("s" + i);
        return switch (i % 3) {
            case 0 -> sample.text(folder.resolve(i + ".txt")).audio(folder.resolve(i + ".wav"))
                    .image(folder.resolve(i + ".png")).build();
            case 1 -> sample.text(caption(i)).audio(Files.readAllBytes(folder.resolve(i + ".wav")))
                    .image(Files.readAllBytes(folder.resolve(i + ".png"))).build();
            default -> sample.text(caption(i)).put(Modality.AUDIO, WavDecoder.decode(folder.resolve(i + ".wav")))
                    .put(Modality.IMAGE, ImageDecoder.decode(folder.resolve(i + ".png"))).build();
        };
    }

    private static List<RawInputs> rawSamples() throws IOException {
        List<RawInputs> raw = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            raw.add(raw(i));
        }
        return raw;
    }

    /**
     * The loaded pipeline predicts what the saved one did, and what the model did on the original
     * encoders' features, up to the rounding of encoding in batches rather than one input at a time.
     */
    @Test
    void aLoadedPipelinePredictsFromFilesWhatTheSavedOneAndTheModelDid(@TempDir Path dir) throws IOException {
        List<Prediction> beforeSaving;
        try (FusionPipeline.Predictor predictor = pipeline.newPredictor()) {
            beforeSaving = predictor.predictAll(rawSamples());
        }
        pipeline.save(dir);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("encoder-")).count(),
                    "the ResNet body's weights");
        }
        FusionPipeline loaded = FusionPipeline.load(dir);
        assertEquals(model.spec(), loaded.model().spec());
        List<Prediction> fromFiles;
        try (FusionPipeline.Predictor predictor = loaded.newPredictor()) {
            fromFiles = predictor.predictAll(rawSamples());
        }
        for (int i = 0; i < SAMPLES; i++) {
            assertArrayEquals(beforeSaving.get(i).probabilities(), fromFiles.get(i).probabilities(), 1e-6, "sample " + i);
            assertArrayEquals(expected.get(i).probabilities(), fromFiles.get(i).probabilities(), 1e-5, "sample " + i);
        }
    }

    /** The features of issue 18's complaint: 13 wide, from Kaldi's preset on samples in [-1, 1]. */
    @Test
    void anAudioEncoderWithAnotherMfccConfigurationIsRefused() {
        MfccAudioEncoder unscaled = MfccAudioEncoder.builder().config(MfccConfig.kaldi().toBuilder().inputScale(1)
                .build()).pooled(true).build();
        Map<Modality, dev.fusion4j.data.EncoderSpec> encoders = pipeline.encoders();
        assertEquals(model.spec().inputWidths().get(Modality.AUDIO), unscaled.dim(), "the same width");
        try (BertTextEncoder text = new BertTextEncoder.Factory().create(encoders.get(Modality.TEXT));
             ResNetImageEncoder image = new ResNetImageEncoder.Factory().create(encoders.get(Modality.IMAGE))) {
            EncoderMismatchException e = assertThrows(EncoderMismatchException.class, () -> FusionPipeline.of(model,
                    Map.of(Modality.TEXT, text, Modality.AUDIO, unscaled, Modality.IMAGE, image)));
            assertEquals(Modality.AUDIO, e.modality());
            assertEquals("mfcc{inputScale=32768.0}", e.expected());
            assertEquals("mfcc{inputScale=1.0}", e.actual());
            assertEquals(pipeline.model().spec(), FusionPipeline.of(model, Map.of(Modality.TEXT, text,
                    Modality.AUDIO, MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build(),
                    Modality.IMAGE, image)).model().spec(), "rebuilt encoders are the recorded ones");
        }
    }

    @Test
    void aTamperedEncoderSpecInTheSavedFilesIsAFormatError(@TempDir Path dir) throws IOException {
        pipeline.save(dir);
        Path json = dir.resolve("model.json");
        String original = Files.readString(json);
        String tampered = original.replace("\"nMfcc\":\"13\"", "\"nMfcc\":\"12\"");
        assertFalse(tampered.equals(original));
        Files.writeString(json, tampered);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> FusionPipeline.load(dir));
        assertTrue(e.getMessage().contains("edited or corrupted"), e.getMessage());
    }

    @Test
    void closingThePredictorWhileFourThreadsPredictWaitsForThemAndFreesTheEncoders(@TempDir Path dir)
            throws Exception {
        RawInputs sample = raw(1);
        for (int round = 0; round < 2; round++) {
            FusionPipeline.Predictor predictor = pipeline.newPredictor();
            CloseRace.closeWhileThreadsCall(predictor, () -> predictor.predict(sample), 4,
                    "this pipeline predictor is closed");
        }
    }
}
