package dev.fusion4j.examples;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.image.ImagePreprocessor;
import dev.fusion4j.image.ResNet;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.internal.tensor.djl.DjlTrainingSession;
import dev.fusion4j.text.BertTextEncoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Encodes the demo set: captions with the embedded MiniLM (pooled, 384-d), speech as Kaldi MFCC
 * frames (13-d; not normalised per utterance, which would zero their mean), images with a small ResNet-18 (width 1/4) trained on
 * the training images for a few epochs — no pretrained image weights can be downloaded here —
 * whose last feature map gives 2 × 2 spatial tokens of 128 channels.
 */
final class DemoFeatures implements AutoCloseable {
    static final int TEXT_WIDTH = 384;
    static final int AUDIO_WIDTH = 13;
    static final int IMAGE_WIDTH = 128;
    /** The demo digits (8 × 8, dark background) scaled to 64 × 64 and normalised. */
    static final ImagePreprocessor DIGITS = ImagePreprocessor.of(64, 64, new float[] {0.2f, 0.2f, 0.2f},
            new float[] {0.35f, 0.35f, 0.35f});

    /** The image network's training, open until the encoder has copied the trained block. */
    private DjlTrainingSession imageTraining;

    private DemoFeatures() {
    }

    /** The samples, encoded; training samples first. */
    static List<MultimodalSample> encode(List<DemoDataset.Item> items, int imageEpochs, long seed) {
        try (DemoFeatures features = new DemoFeatures()) {
            return features.encodeAll(items, imageEpochs, seed);
        }
    }

    private List<MultimodalSample> encodeAll(List<DemoDataset.Item> items, int imageEpochs, long seed) {
        List<Features> text;
        try (BertTextEncoder encoder = BertTextEncoder.builder().build()) {
            text = encoder.encodeAll(items.stream().map(DemoDataset.Item::caption).toList());
        }
        MfccAudioEncoder mfcc = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();
        List<Features> images;
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().preprocessor(DIGITS)
                .trainedFeatures(ResNet.Depth.RESNET18, 0.25, trainImageNetwork(items, imageEpochs, seed))
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

    /** Trains ResNet-18 (width 1/4) on the training images; returns its trained feature block. */
    private Block trainImageNetwork(List<DemoDataset.Item> items, int epochs, long seed) {
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        SequentialBlock classifier = ResNet.classifier(ResNet.Depth.RESNET18, 0.25, 10);
        List<DemoDataset.Item> train = items.stream().filter(DemoDataset.Item::train).toList();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        imageTraining = new DjlTrainingSession(classifier,
                Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-3f)).build(), Device.cpu(),
                new Shape(32, 3, 64, 64));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            order.add(i);
        }
        Random random = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            Collections.shuffle(order, random);
            for (int start = 0; start < order.size(); start += 32) {
                List<Integer> batch = order.subList(start, Math.min(order.size(), start + 32));
                try (NDManager pass = imageTraining.newPass()) {
                    float[] pixels = new float[batch.size() * 3 * 64 * 64];
                    float[] labels = new float[batch.size()];
                    for (int b = 0; b < batch.size(); b++) {
                        DemoDataset.Item item = train.get(batch.get(b));
                        System.arraycopy(DIGITS.apply(dev.fusion4j.image.ImageDecoder.toRgb(item.image())), 0, pixels,
                                b * 3 * 64 * 64, 3 * 64 * 64);
                        labels[b] = item.label();
                    }
                    NDList x = new NDList(pass.create(pixels, new Shape(batch.size(), 3, 64, 64)));
                    NDList y = new NDList(pass.create(labels));
                    imageTraining.step(x, outputs -> loss.evaluate(y, outputs));
                }
            }
        }
        return classifier.getChildren().get(0).getValue();
    }

    @Override
    public void close() {
        if (imageTraining != null) {
            imageTraining.close();
        }
    }
}
