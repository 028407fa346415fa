package dev.fusion4j.examples;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.ModalityBatch;
import dev.fusion4j.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorBackend;
import dev.fusion4j.tensor.djl.DjlBackend;
import dev.fusion4j.tensor.djl.DjlModuleBlock;
import dev.fusion4j.tensor.djl.DjlTensor;
import dev.fusion4j.tensor.nd4j.Nd4jModuleRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's main job: trains a pooled-concat fusion classifier on a generated two-modality
 * data set with missing modalities, on DJL (PyTorch), then runs the trained weights on ND4J and
 * reports test accuracy on both backends, with all modalities and with each one removed.
 */
public final class Quickstart {
    private static final Map<Modality, Integer> SCHEMA = Map.of(
            Modality.TEXT, SyntheticData.TEXT_DIM, Modality.AUDIO, SyntheticData.AUDIO_DIM);
    private static final int EPOCHS = 150;
    private static final long SEED = 7;

    private Quickstart() {
    }

    public static void main(String[] args) {
        List<MultimodalSample> train = SyntheticData.generate(600, 1);
        List<MultimodalSample> test = SyntheticData.generate(300, 2);
        MultimodalBatch trainBatch = MultimodalBatch.collate(train, SCHEMA);
        List<Modality> order = trainBatch.modalities();
        int[] widths = order.stream().mapToInt(m -> trainBatch.modality(m).dim()).toArray();
        PooledConcatClassifier module = new PooledConcatClassifier(SyntheticData.CLASSES, widths);

        try (Model model = Model.newInstance("quickstart", "PyTorch")) {
            DjlModuleBlock block = new DjlModuleBlock(module, SEED);
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(shapes(trainBatch, order));
                NDManager manager = trainer.getManager();
                DjlBackend djl = DjlBackend.wrap(manager);
                NDList inputs = toNDList(inputs(trainBatch, order, djl));
                NDList labels = new NDList(((DjlTensor) trainBatch.labels(djl)).ndArray());
                System.out.printf("Training %d samples (%s) on %s for %d epochs%n",
                        train.size(), order, djl.name(), EPOCHS);
                for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                    float loss = step(trainer, inputs, labels);
                    if (epoch % 50 == 0 || epoch == 1) {
                        System.out.printf("  epoch %3d  loss %.4f%n", epoch, loss);
                    }
                }
                Nd4jModuleRunner nd4j = new Nd4jModuleRunner(module, block.parameterValues());
                System.out.println();
                System.out.println("| test set (" + test.size() + " samples) | DJL accuracy | ND4J accuracy "
                        + "| max logit difference |");
                System.out.println("|---|---|---|---|");
                report("all modalities", test, order, trainer, djl, nd4j);
                for (Modality removed : order) {
                    report("without " + removed, withoutModality(test, removed), order, trainer, djl, nd4j);
                }
            }
        }
    }

    private static void report(String name, List<MultimodalSample> samples, List<Modality> order, Trainer trainer,
                               DjlBackend djl, Nd4jModuleRunner nd4j) {
        MultimodalBatch batch = MultimodalBatch.collate(samples, SCHEMA);
        float[] djlLogits = trainer.evaluate(toNDList(inputs(batch, order, djl))).singletonOrThrow().toFloatArray();
        float[] nd4jLogits = nd4j.forward(inputs(batch, order, nd4j.backend())).toFloatArray();
        int[] labels = batch.labels().classes();
        double maxDiff = 0;
        for (int i = 0; i < djlLogits.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(djlLogits[i] - nd4jLogits[i]));
        }
        System.out.printf("| %s | %.3f | %.3f | %.2e |%n", name, accuracy(djlLogits, labels),
                accuracy(nd4jLogits, labels), maxDiff);
    }

    /** Samples that had {@code removed} lose it; samples that had only it are left out. */
    private static List<MultimodalSample> withoutModality(List<MultimodalSample> samples, Modality removed) {
        List<MultimodalSample> out = new ArrayList<>();
        for (MultimodalSample sample : samples) {
            if (!sample.has(removed)) {
                out.add(sample);
            } else if (sample.modalities().size() > 1) {
                out.add(sample.without(removed));
            }
        }
        return out;
    }

    private static double accuracy(float[] logits, int[] labels) {
        int classes = logits.length / labels.length;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    private static List<Tensor> inputs(MultimodalBatch batch, List<Modality> order, TensorBackend backend) {
        List<Tensor> inputs = new ArrayList<>();
        for (Modality modality : order) {
            ModalityBatch m = batch.modality(modality);
            inputs.add(m.values(backend));
            inputs.add(m.paddingMask(backend));
        }
        return inputs;
    }

    private static Shape[] shapes(MultimodalBatch batch, List<Modality> order) {
        List<Shape> shapes = new ArrayList<>();
        for (Modality modality : order) {
            ModalityBatch m = batch.modality(modality);
            shapes.add(new Shape(m.batchSize(), m.maxLength(), m.dim()));
            shapes.add(new Shape(m.batchSize(), m.maxLength()));
        }
        return shapes.toArray(new Shape[0]);
    }

    private static NDList toNDList(List<Tensor> tensors) {
        NDList list = new NDList(tensors.size());
        for (Tensor tensor : tensors) {
            list.add(((DjlTensor) tensor).ndArray());
        }
        return list;
    }

    private static float step(Trainer trainer, NDList inputs, NDList labels) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(inputs));
            collector.backward(loss);
            trainer.step();
            return loss.getFloat();
        }
    }
}
