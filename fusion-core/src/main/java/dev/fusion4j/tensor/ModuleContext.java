package dev.fusion4j.tensor;

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
}
