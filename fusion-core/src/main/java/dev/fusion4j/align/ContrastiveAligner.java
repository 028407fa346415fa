package dev.fusion4j.align;

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
import dev.fusion4j.model.ContrastiveLoss;
import dev.fusion4j.nn.Linear;
import dev.fusion4j.tensor.Initializer;
import dev.fusion4j.tensor.ModuleContext;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorModule;
import dev.fusion4j.tensor.djl.DjlModuleBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Learns linear projections of two modalities into one space with the symmetric InfoNCE loss
 * ({@link ContrastiveLoss}, learnable temperature), on DJL with Adam and mini-batches; pairs where
 * a modality is missing are masked out. The result maps each modality's vectors into the shared
 * space for retrieval ({@link CrossModalIndex}). Immutable once fitted.
 */
public final class ContrastiveAligner {
    private final float[] projectionA;
    private final float[] projectionB;
    private final int widthA;
    private final int widthB;
    private final int dim;

    private ContrastiveAligner(float[] projectionA, float[] projectionB, int widthA, int widthB, int dim) {
        this.projectionA = projectionA;
        this.projectionB = projectionB;
        this.widthA = widthA;
        this.widthB = widthB;
        this.dim = dim;
    }

    /**
     * @param a {@code [n][dA]} first modality
     * @param b {@code [n][dB]} second modality, row i paired with a's row i
     * @param present {@code [n]}, false where either vector is missing (that pair is left out)
     * @param dim the shared space's width
     */
    public static ContrastiveAligner fit(float[][] a, float[][] b, boolean[] present, int dim, int epochs,
                                         int batchSize, float learningRate, long seed) {
        if (a.length != b.length || a.length != present.length || a.length < 2) {
            throw new IllegalArgumentException("need ≥ 2 pairs and as many presence flags, got " + a.length + ", "
                    + b.length + ", " + present.length);
        }
        int da = a[0].length;
        int db = b[0].length;
        Module module = new Module(da, db, dim);
        DjlModuleBlock block = new DjlModuleBlock(module, seed);
        Map<String, float[]> values;
        try (Model model = Model.newInstance("contrastive", "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())   // loss computed by the module
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batchSize, da), new Shape(batchSize, db), new Shape(batchSize));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < a.length; i++) {
                    order.add(i);
                }
                Random random = new Random(seed);
                for (int epoch = 0; epoch < epochs; epoch++) {
                    Collections.shuffle(order, random);
                    for (int start = 0; start + 1 < order.size(); start += batchSize) {
                        List<Integer> batch = order.subList(start, Math.min(order.size(), start + batchSize));
                        step(trainer, batch, a, b, present);
                    }
                }
                values = block.parameterValues();
            }
        }
        return new ContrastiveAligner(values.get("a.weight"), values.get("b.weight"), da, db, dim);
    }

    private static void step(Trainer trainer, List<Integer> batch, float[][] a, float[][] b, boolean[] present) {
        int n = batch.size();
        float[] xa = new float[n * a[0].length];
        float[] xb = new float[n * b[0].length];
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            int row = batch.get(i);
            System.arraycopy(a[row], 0, xa, i * a[0].length, a[0].length);
            System.arraycopy(b[row], 0, xb, i * b[0].length, b[0].length);
            mask[i] = present[row] ? 1 : 0;
        }
        float valid = 0;
        for (float m : mask) {
            valid += m;
        }
        if (valid < 2) {
            return;
        }
        try (NDManager pass = trainer.getManager().newSubManager()) {
            NDList inputs = new NDList(pass.create(xa, new Shape(n, a[0].length)), pass.create(xb, new Shape(n,
                    b[0].length)), pass.create(mask, new Shape(n)));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray loss = trainer.forward(inputs).singletonOrThrow();
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    /** The first modality's vectors in the shared space. */
    public double[][] projectA(float[][] a) {
        return project(a, projectionA, widthA);
    }

    /** The second modality's vectors in the shared space. */
    public double[][] projectB(float[][] b) {
        return project(b, projectionB, widthB);
    }

    private double[][] project(float[][] x, float[] weight, int width) {
        double[][] out = new double[x.length][dim];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has width " + x[i].length + ", expected " + width);
            }
            for (int k = 0; k < dim; k++) {
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    sum += x[i][j] * weight[j * dim + k];
                }
                out[i][k] = sum;
            }
        }
        return out;
    }

    /** Projections of both modalities and the InfoNCE loss as one module: the loss is its output. */
    private static final class Module implements TensorModule {
        private final Linear projectA;
        private final Linear projectB;

        Module(int da, int db, int dim) {
            this.projectA = new Linear("a", da, dim, false);
            this.projectB = new Linear("b", db, dim, false);
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
            return ContrastiveLoss.infoNce(a, b, context.parameter("log_scale"), inputs.get(2).toFloatArray());
        }
    }
}
