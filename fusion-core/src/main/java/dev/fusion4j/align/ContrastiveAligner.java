package dev.fusion4j.align;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fusion4j.FusionException;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorModule;
import dev.fusion4j.internal.tensor.djl.DjlModuleBlock;
import dev.fusion4j.internal.tensor.djl.DjlTrainingSession;
import dev.fusion4j.internal.nn.ContrastiveLoss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Learns linear projections of two modalities into one space with the symmetric InfoNCE loss
 * ({@link ContrastiveLoss}, learnable temperature), on DJL's PyTorch engine (CPU) with Adam and
 * shuffled mini-batches: in each batch a sample's own pair is the positive and the batch's other
 * samples are the negatives. Immutable and thread-safe once fitted.
 *
 * <pre>{@code
 * ContrastiveAligner space = ContrastiveAligner.fit(train, Modality.AUDIO, Modality.IMAGE,
 *         new ContrastiveAligner.Options(32, 60, 64, 3e-3f, 7));
 * Features query = space.project(Modality.AUDIO, clip);
 * }</pre>
 */
public final class ContrastiveAligner extends LinearJointSpace {

    /**
     * Training settings; immutable, validated on construction.
     *
     * @param width the shared space's width, ≥ 1
     * @param epochs passes over the pairs, ≥ 0 (0 keeps the seeded initial projections)
     * @param batchSize pairs per step, ≥ 2 (a step needs negatives); a last batch of one pair is skipped
     * @param learningRate Adam's learning rate, finite and > 0
     * @param seed seeds the initial projections and the shuffling
     */
    public record Options(int width, int epochs, int batchSize, float learningRate, long seed) {
        public Options {
            if (width < 1) {
                throw new IllegalArgumentException("width must be ≥ 1, got " + width);
            }
            if (epochs < 0) {
                throw new IllegalArgumentException("epochs must be ≥ 0, got " + epochs);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batch size must be ≥ 2 (a pair's negatives are the batch's other pairs), "
                        + "got " + batchSize);
            }
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
            }
        }

        /** Width 32, 50 epochs, batches of 64, learning rate 3e-3, seed 7. */
        public static Options defaults() {
            return new Options(32, 50, 64, 3e-3f, 7);
        }
    }

    private ContrastiveAligner(Projection first, Projection second) {
        super(first, second);
    }

    /**
     * Trains on the samples that have both modalities, as vectors; samples lacking either are
     * left out.
     *
     * @param samples paired samples: each sample's two vectors are one pair
     * @throws IllegalArgumentException if fewer than 2 samples have both modalities or the
     *     modalities are equal
     * @throws InvalidSampleException if a feature is a sequence (pool it first) or its width differs
     *     from the same modality's in other samples
     * @throws FusionException if the PyTorch engine fails
     */
    public static ContrastiveAligner fit(List<MultimodalSample> samples, Modality first, Modality second,
                                         Options options) {
        PairedVectors pairs = PairedVectors.of(samples, first, second);
        float[][] a = pairs.firstRows();
        float[][] b = pairs.secondRows();
        Module module = new Module(a[0].length, b[0].length, options.width());
        DjlModuleBlock<List<Tensor>> block = DjlModuleBlock.flat(module, options.seed());
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(options.learningRate())).build();
        Map<String, float[]> values;
        try (DjlTrainingSession session = new DjlTrainingSession(block, adam, Device.cpu(),
                new Shape(options.batchSize(), a[0].length), new Shape(options.batchSize(), b[0].length))) {
            train(session, a, b, options);
            values = block.parameterValues();
        }
        return new ContrastiveAligner(projection(first, values.get("a.weight"), a[0].length, options.width()),
                projection(second, values.get("b.weight"), b[0].length, options.width()));
    }

    private static void train(DjlTrainingSession session, float[][] a, float[][] b, Options options) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            order.add(i);
        }
        Random random = new Random(options.seed());
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int start = 0; start + 1 < order.size(); start += options.batchSize()) {
                List<Integer> batch = order.subList(start, Math.min(order.size(), start + options.batchSize()));
                step(session, batch, a, b);
            }
        }
    }

    private static void step(DjlTrainingSession session, List<Integer> batch, float[][] a, float[][] b) {
        try (NDManager pass = session.newPass()) {
            NDList inputs = new NDList(rows(pass, batch, a), rows(pass, batch, b));
            session.step(inputs, NDList::singletonOrThrow);
        }
    }

    private static NDArray rows(NDManager manager, List<Integer> batch, float[][] x) {
        int width = x[0].length;
        float[] flat = new float[batch.size() * width];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(x[batch.get(i)], 0, flat, i * width, width);
        }
        return manager.create(flat, new Shape(batch.size(), width));
    }

    /** A projection from a row-major {@code [in, out]} weight, without offset. */
    private static Projection projection(Modality modality, float[] weight, int in, int out) {
        double[][] w = new double[in][out];
        for (int j = 0; j < in; j++) {
            for (int k = 0; k < out; k++) {
                w[j][k] = weight[j * out + k];
            }
        }
        return new Projection(modality, new double[in], w);
    }

    /** Projections of both modalities and the InfoNCE loss as one module: the loss is its output. */
    private static final class Module implements TensorModule<List<Tensor>> {
        private final Linear projectA;
        private final Linear projectB;

        Module(int da, int db, int width) {
            this.projectA = new Linear("a", da, width, false);
            this.projectB = new Linear("b", db, width, false);
        }

        @Override
        public List<ParameterSpec> parameters() {
            List<ParameterSpec> specs = new ArrayList<>(projectA.parameters());
            specs.addAll(projectB.parameters());
            specs.add(ParameterSpec.of("log_scale", Initializer.constant(ContrastiveLoss.initialLogScale()), 1));
            return specs;
        }

        @Override
        public Tensor forward(ModuleContext context, List<Tensor> inputs) {
            Tensor a = projectA.apply(context, inputs.get(0));
            Tensor b = projectB.apply(context, inputs.get(1));
            return ContrastiveLoss.infoNce(a, b, context.parameter("log_scale"));
        }
    }
}
