package dev.fusion4j.internal.tensor;

import java.util.SplittableRandom;

/** What a {@link TensorModule} sees during one forward pass. */
public interface ModuleContext {

    /** The backend of the inputs; make constants with it. */
    TensorBackend backend();

    /**
     * The current value of a declared parameter.
     *
     * @throws IllegalArgumentException if the module declared no parameter of that name
     */
    Tensor parameter(String name);

    /** True in a training pass (dropout active), false for inference. */
    boolean isTraining();

    /**
     * The random source of this pass, for dropout masks: seeded, so a training run repeats
     * exactly. Inference passes draw nothing from it.
     */
    SplittableRandom random();
}
