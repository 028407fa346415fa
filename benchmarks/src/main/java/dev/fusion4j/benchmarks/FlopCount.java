package dev.fusion4j.benchmarks;

import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.fusion.FusionOperator;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.tensor.Axes;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The FLOPs of one forward pass of a fusion operator, counted rather than derived by hand: the
 * operator runs once on tensors that add {@code 2 · n · k · m} for every {@code [n, k] × [k, m]}
 * matrix product (per batch entry) — the roofline convention, where element-wise work is not
 * counted. A training step (forward and backward) is counted as three forward passes.
 */
final class FlopCount implements TensorBackend {
    private final TensorBackend delegate;
    private double flops;

    private FlopCount(TensorBackend delegate) {
        this.delegate = delegate;
    }

    /** The matrix-product FLOPs of one inference pass of {@code operator} over {@code batch}. */
    static double forward(FusionOperator operator, MultimodalBatch batch, ModalitySchema schema) {
        try (DjlBackend djl = DjlBackend.cpu()) {
            FlopCount counter = new FlopCount(djl);
            Map<String, Tensor> parameters = new HashMap<>();
            for (ParameterSpec spec : operator.parameters()) {
                parameters.put(spec.name(), counter.fromArray(spec.initialValues(1), spec.shapeArray()));
            }
            operator.forward(FixedModuleContext.inference(counter, parameters), FusionInputs.of(batch, schema, counter));
            return counter.flops;
        }
    }

    /** The FLOPs of a training step: the forward pass and a backward pass of twice its FLOPs. */
    static double trainingStep(double forwardFlops) {
        return 3 * forwardFlops;
    }

    @Override
    public String name() {
        return "flop-count(" + delegate.name() + ")";
    }

    @Override
    public Tensor fromArray(float[] values, long... shape) {
        return new Counted(delegate.fromArray(values, shape));
    }

    @Override
    public Tensor dropoutMask(SplittableRandom random, float keep, long... shape) {
        return new Counted(delegate.dropoutMask(random, keep, shape));
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        return new Counted(delegate.concat(unwrap(tensors), axis));
    }

    @Override
    public Tensor stack(List<Tensor> tensors, int axis) {
        return new Counted(delegate.stack(unwrap(tensors), axis));
    }

    private static List<Tensor> unwrap(List<Tensor> tensors) {
        return tensors.stream().map(FlopCount::unwrap).toList();
    }

    private static Tensor unwrap(Tensor tensor) {
        return ((Counted) tensor).tensor;
    }

    /** A tensor of the delegate backend whose matrix products add to the count. */
    private final class Counted implements Tensor {
        private final Tensor tensor;

        Counted(Tensor tensor) {
            this.tensor = tensor;
        }

        /** Counts a product of this tensor's last axis: {@code 2 · k} FLOPs per output value. */
        private Tensor counted(Tensor product) {
            flops += 2.0 * tensor.size(-1) * Axes.elementCount(product.shape());
            return new Counted(product);
        }

        @Override
        public Tensor matmul(Tensor other) {
            return counted(tensor.matmul(unwrap(other)));
        }

        @Override
        public Tensor linear(Tensor weight, Tensor bias) {
            return counted(tensor.linear(unwrap(weight), unwrap(bias)));
        }

        @Override
        public TensorBackend backend() {
            return FlopCount.this;
        }

        @Override
        public long[] shape() {
            return tensor.shape();
        }

        @Override
        public float[] toFloatArray() {
            return tensor.toFloatArray();
        }

        @Override
        public Tensor add(Tensor other) {
            return new Counted(tensor.add(unwrap(other)));
        }

        @Override
        public Tensor sub(Tensor other) {
            return new Counted(tensor.sub(unwrap(other)));
        }

        @Override
        public Tensor mul(Tensor other) {
            return new Counted(tensor.mul(unwrap(other)));
        }

        @Override
        public Tensor div(Tensor other) {
            return new Counted(tensor.div(unwrap(other)));
        }

        @Override
        public Tensor add(float scalar) {
            return new Counted(tensor.add(scalar));
        }

        @Override
        public Tensor mul(float scalar) {
            return new Counted(tensor.mul(scalar));
        }

        @Override
        public Tensor ge(Tensor other) {
            return new Counted(tensor.ge(unwrap(other)));
        }

        @Override
        public Tensor exp() {
            return new Counted(tensor.exp());
        }

        @Override
        public Tensor log() {
            return new Counted(tensor.log());
        }

        @Override
        public Tensor sqrt() {
            return new Counted(tensor.sqrt());
        }

        @Override
        public Tensor tanh() {
            return new Counted(tensor.tanh());
        }

        @Override
        public Tensor sigmoid() {
            return new Counted(tensor.sigmoid());
        }

        @Override
        public Tensor relu() {
            return new Counted(tensor.relu());
        }

        @Override
        public Tensor gelu() {
            return new Counted(tensor.gelu());
        }

        @Override
        public Tensor softmax(int axis) {
            return new Counted(tensor.softmax(axis));
        }

        @Override
        public Tensor reshape(long... shape) {
            return new Counted(tensor.reshape(shape));
        }

        @Override
        public Tensor permute(int... axes) {
            return new Counted(tensor.permute(axes));
        }

        @Override
        public Tensor sum(int axis, boolean keepDims) {
            return new Counted(tensor.sum(axis, keepDims));
        }

        @Override
        public Tensor mean(int axis, boolean keepDims) {
            return new Counted(tensor.mean(axis, keepDims));
        }

        @Override
        public Tensor max(int axis, boolean keepDims) {
            return new Counted(tensor.max(axis, keepDims));
        }

        @Override
        public Tensor sumAll() {
            return new Counted(tensor.sumAll());
        }

        @Override
        public Tensor maskedFill(Tensor mask, float value) {
            return new Counted(tensor.maskedFill(unwrap(mask), value));
        }

        @Override
        public Tensor layerNorm(float eps) {
            return new Counted(tensor.layerNorm(eps));
        }

        @Override
        public Tensor layerNorm(Tensor gamma, Tensor beta, float eps) {
            return new Counted(tensor.layerNorm(unwrap(gamma), unwrap(beta), eps));
        }
    }
}
