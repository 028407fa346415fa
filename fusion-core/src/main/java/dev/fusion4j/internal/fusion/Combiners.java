package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The late-fusion rules. With presence {@code a_m ∈ {0, 1}}:
 * <ul>
 *   <li>{@link #mean()}: {@code Σ a_m p_m / Σ a_m};
 *   <li>{@link #weighted(double...)} / {@link #learnedWeights()}: {@code Σ w_m a_m p_m / Σ w_m a_m},
 *       learned weights {@code w = softmax(combiner.weights)};
 *   <li>{@link #max()}: {@code max_m a_m p_m}, renormalised to sum 1;
 *   <li>{@link #majorityVote()}: the share of present modalities whose argmax is each class (a
 *       tie inside one modality splits its vote); trained as each modality's own classifier;
 *   <li>{@link #productOfExperts()}: {@code softmax(Σ a_m log p_m)}, i.e. {@code Π p_m} renormalised;
 *   <li>{@link #stacker()}: {@code softmax(concat(a_m p_m, a_m) W + b)}, learned.
 * </ul>
 */
public final class Combiners {
    private static final float LOG_FLOOR = 1e-12f;

    private Combiners() {
    }

    public static Combiner mean() {
        return new Rule("mean", (context, p, a) -> weightedMean(context.backend(), p, a, null));
    }

    /**
     * Fixed positive weights, one per modality in schema order.
     *
     * @throws IllegalArgumentException for a weight that is not finite and positive
     */
    public static Combiner weighted(double... weights) {
        double[] w = weights.clone();
        if (w.length == 0 || Arrays.stream(w).anyMatch(x -> !(x > 0) || !Double.isFinite(x))) {
            throw new IllegalArgumentException("weights must be finite and > 0: " + Arrays.toString(w));
        }
        return new Combiner() {
            @Override
            public List<ParameterSpec> parameters(int modalities, int classes) {
                if (modalities != w.length) {
                    throw new IllegalArgumentException(w.length + " weights given for " + modalities + " modalities");
                }
                return List.of();
            }

            @Override
            public Tensor combine(ModuleContext context, List<Tensor> p, List<Tensor> a) {
                float[] values = new float[w.length];
                for (int m = 0; m < w.length; m++) {
                    values[m] = (float) w[m];
                }
                return weightedMean(context.backend(), p, a, context.backend().fromArray(values, w.length));
            }
        };
    }

    public static Combiner learnedWeights() {
        return new Combiner() {
            @Override
            public List<ParameterSpec> parameters(int modalities, int classes) {
                return List.of(ParameterSpec.of("combiner.weights", Initializer.zeros(), modalities));
            }

            @Override
            public Tensor combine(ModuleContext context, List<Tensor> p, List<Tensor> a) {
                return weightedMean(context.backend(), p, a, context.parameter("combiner.weights").softmax(0));
            }
        };
    }

    public static Combiner max() {
        return new Rule("max", (context, p, a) -> {
            Tensor stacked = context.backend().stack(present(p, a), 1);   // [B, M, C]
            Tensor best = stacked.max(1, false);
            return best.div(best.sum(-1, true));
        });
    }

    /**
     * Votes at prediction. A vote has no gradient, so in training each modality's head learns on
     * its own: the output is then {@code exp(Σ a_m log p_m / Σ a_m)}, whose negative log-likelihood
     * is the mean of the present heads' own cross-entropies.
     */
    public static Combiner majorityVote() {
        return new Rule("majority vote", (context, p, a) -> {
            if (context.isTraining()) {
                return logSum(p, a).div(context.backend().concat(a, -1).sum(-1, true)).exp();
            }
            List<Tensor> votes = new ArrayList<>();
            for (int m = 0; m < p.size(); m++) {
                Tensor top = p.get(m).ge(p.get(m).max(-1, true));            // 1 at the argmax (all, on ties)
                votes.add(top.div(top.sum(-1, true)).mul(a.get(m)));
            }
            Tensor sum = context.backend().stack(votes, 1).sum(1, false);
            return sum.div(sum.sum(-1, true));
        });
    }

    public static Combiner productOfExperts() {
        return new Rule("product of experts", (context, p, a) -> logSum(p, a).softmax(-1));
    }

    /** {@code Σ a_m log p_m}, {@code [B, C]}. */
    private static Tensor logSum(List<Tensor> p, List<Tensor> a) {
        Tensor sum = null;
        for (int m = 0; m < p.size(); m++) {
            Tensor term = p.get(m).add(LOG_FLOOR).log().mul(a.get(m));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    public static Combiner stacker() {
        return new Combiner() {
            @Override
            public List<ParameterSpec> parameters(int modalities, int classes) {
                return List.of(
                        ParameterSpec.of("combiner.stack.weight", Initializer.xavierUniform(),
                                (long) modalities * (classes + 1), classes),
                        ParameterSpec.of("combiner.stack.bias", Initializer.zeros(), classes));
            }

            @Override
            public Tensor combine(ModuleContext context, List<Tensor> p, List<Tensor> a) {
                List<Tensor> features = new ArrayList<>(present(p, a));
                features.addAll(a);
                Tensor x = context.backend().concat(features, -1);
                return x.matmul(context.parameter("combiner.stack.weight"))
                        .add(context.parameter("combiner.stack.bias")).softmax(-1);
            }
        };
    }

    private static List<Tensor> present(List<Tensor> p, List<Tensor> a) {
        List<Tensor> out = new ArrayList<>();
        for (int m = 0; m < p.size(); m++) {
            out.add(p.get(m).mul(a.get(m)));
        }
        return out;
    }

    /** {@code Σ w_m a_m p_m / Σ w_m a_m}; {@code weights [M]} or null for equal weights. */
    private static Tensor weightedMean(TensorBackend backend, List<Tensor> p, List<Tensor> a, Tensor weights) {
        Tensor presence = backend.concat(a, -1);                                  // [B, M]
        Tensor w = weights == null ? presence : presence.mul(weights);
        Tensor stacked = backend.stack(p, 1);                                      // [B, M, C]
        Tensor sum = w.reshape(w.size(0), -1, 1).mul(stacked).sum(1, false);      // [B, C]
        return sum.div(w.sum(-1, true));
    }

    /** A parameter-free rule. */
    private record Rule(String name, Body body) implements Combiner {
        @Override
        public List<ParameterSpec> parameters(int modalities, int classes) {
            return List.of();
        }

        @Override
        public Tensor combine(ModuleContext context, List<Tensor> probabilities, List<Tensor> presence) {
            return body.apply(context, probabilities, presence);
        }
    }

    @FunctionalInterface
    private interface Body {
        Tensor apply(ModuleContext context, List<Tensor> probabilities, List<Tensor> presence);
    }
}
