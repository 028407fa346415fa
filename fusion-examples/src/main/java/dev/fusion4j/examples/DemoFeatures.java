package dev.fusion4j.examples;

import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.image.ImagePreprocessor;
import dev.fusion4j.image.LabelledImage;
import dev.fusion4j.image.ResNet;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.image.ResNetTrainer;
import dev.fusion4j.image.TrainedResNet;
import dev.fusion4j.text.BertTextEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the demo set: captions with the embedded MiniLM (pooled, 384-d), speech as Kaldi MFCC
 * frames (13-d; not normalised per utterance, which would zero their mean), images with a small
 * ResNet-18 (width 1/4) trained on the training images for a few epochs by a {@link ResNetTrainer}
 * — no pretrained image weights are downloaded — whose last feature map gives 2 × 2 spatial tokens
 * of 128 channels.
 */
final class DemoFeatures {
    static final int TEXT_WIDTH = 384;
    static final int AUDIO_WIDTH = 13;
    static final int IMAGE_WIDTH = 128;
    private static final float[] DIGIT_MEAN = {0.2f, 0.2f, 0.2f};
    private static final float[] DIGIT_STD = {0.35f, 0.35f, 0.35f};
    /** The demo digits (8 × 8, dark background) scaled to 64 × 64 and normalised. */
    static final ImagePreprocessor DIGITS = ImagePreprocessor.of(64, 64, DIGIT_MEAN, DIGIT_STD);

    private DemoFeatures() {
    }

    /** The samples, encoded; training samples first. */
    static List<MultimodalSample> encode(List<DemoDataset.Item> items, int imageEpochs, long seed) {
        List<Features> text;
        try (BertTextEncoder encoder = BertTextEncoder.builder().build()) {
            text = encoder.encodeAll(items.stream().map(DemoDataset.Item::caption).toList());
        }
        MfccAudioEncoder mfcc = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();
        List<Features> images;
        TrainedResNet network = trainImageNetwork(items, imageEpochs, seed);
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().trained(network)
                .output(ResNetImageEncoder.Output.TOKENS).build()) {
            images = encoder.encodeAll(items.stream().map(DemoDataset.Item::image).toList());
        }
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            DemoDataset.Item item = items.get(i);
            samples.add(MultimodalSample.builder().id(item.id()).label(item.label())
                    .put(Modality.TEXT, text.get(i))
                    .put(Modality.AUDIO, mfcc.encode(item.audio()))
                    .put(Modality.IMAGE, images.get(i))
                    .build());
        }
        return samples;
    }

    /** Trains ResNet-18 (width 1/4) on the training images, unaugmented, every epoch kept. */
    private static TrainedResNet trainImageNetwork(List<DemoDataset.Item> items, int epochs, long seed) {
        List<LabelledImage> train = items.stream().filter(DemoDataset.Item::train)
                .map(item -> new LabelledImage(item.image(), item.label())).toList();
        return ResNetTrainer.builder().depth(ResNet.Depth.RESNET18).widthMultiplier(0.25).imageSize(64)
                .normalisation(DIGIT_MEAN, DIGIT_STD).withoutAugmentation()
                .epochs(epochs).batchSize(32).learningRate(2e-3f).validationFraction(0).earlyStopping(0).seed(seed)
                .build().train(train);
    }
}
