package dev.fusion4j.spark;

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
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
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

/**
 * Captions, tones and drawings of two classes ("low": a hum and a square, "high": a whistle and
 * a disc), and a pipeline of the embedded MiniLM, frame-wise MFCC (a sequence) and a small
 * seeded ResNet trained on them.
 */
final class SyntheticInputs {
    static final List<String> LABELS = List.of("low", "high");

    private SyntheticInputs() {
    }

    static String id(int i) {
        return "s" + i;
    }

    static String caption(int i) {
        return (i % 2 == 0 ? "a low hum, take " : "a high whistle, take ") + i;
    }

    /** A 16-bit mono WAV at 8 kHz: 0.3 s of a sine, 200 Hz (low) or 1500 Hz (high). */
    static byte[] wav(int i) {
        int rate = 8000;
        int n = rate * 3 / 10;
        double hz = (i % 2 == 0 ? 200 : 1500) + 7 * i;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(2 * n);
        for (int t = 0; t < n; t++) {
            b.putShort((short) (12000 * Math.sin(2 * Math.PI * hz * t / rate)));
        }
        return b.array();
    }

    /** A PNG of a white square (low) or disc (high) on black, its size varying with {@code i}. */
    static byte[] png(int i) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        int size = 12 + i % 7;
        if (i % 2 == 0) {
            g.fillRect(4, 4, size, size);
        } else {
            g.fillOval(4, 4, size, size);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes sample {@code i}'s image to {@code folder} and returns its path. */
    static Path pngFile(Path folder, int i) {
        try {
            return Files.write(folder.resolve(id(i) + ".png"), png(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw inputs of sample {@code i}: its caption, its WAV's content and its PNG file. */
    static RawInputs raw(int i, Path folder) {
        return RawInputs.builder().id(id(i)).text(caption(i)).audio(wav(i)).image(pngFile(folder, i)).build();
    }

    static MfccAudioEncoder audioEncoder() {
        return MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(false).build();
    }

    static ResNetImageEncoder imageEncoder() {
        return ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.125, 7)
                .preprocessor(ImagePreprocessor.of(32, 32, new float[] {0.3f, 0.3f, 0.3f}, new float[] {0.4f, 0.4f, 0.4f}))
                .build();
    }

    /** A pipeline trained on samples 0 to {@code count - 1}. */
    static FusionPipeline pipeline(int count) {
        MfccAudioEncoder audio = audioEncoder();
        try (BertTextEncoder text = BertTextEncoder.builder().build(); ResNetImageEncoder image = imageEncoder()) {
            List<MultimodalSample> samples = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                samples.add(MultimodalSample.builder().id(id(i)).label(i % 2)
                        .put(Modality.TEXT, text.encode(caption(i)))
                        .put(Modality.AUDIO, audio.encode(WavDecoder.decode(wav(i))))
                        .put(Modality.IMAGE, image.encode(ImageDecoder.decode(png(i))))
                        .build());
            }
            FusionModel model = FusionSpec.builder().modality(Modality.TEXT, text).modality(Modality.AUDIO, audio)
                    .modality(Modality.IMAGE, image).fusion(Fusion.early().standardised())
                    .head(Head.classification(LABELS.toArray(new String[0]))).build()
                    .train(samples, List.of(), TrainingOptions.builder().epochs(8).progress(false).build());
            return FusionPipeline.of(model, Map.of(Modality.TEXT, text, Modality.AUDIO, audio, Modality.IMAGE, image));
        }
    }
}
