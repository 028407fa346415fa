package dev.fusion4j.internal.tensor;

import java.util.List;

/**
 * How a module's typed inputs travel as a flat list of tensors, the form in which DJL blocks pass
 * them on: {@link #unpack} reverses {@link #pack}.
 *
 * @param <I> the typed inputs
 */
public interface TensorLayout<I> {

    /** The inputs as a list of tensors, in the layout's order. */
    List<Tensor> pack(I inputs);

    /**
     * The inputs {@link #pack} made {@code packed} from.
     *
     * @throws IllegalArgumentException if the list does not fit the layout
     */
    I unpack(List<Tensor> packed);

    /** The layout of inputs that are a list of tensors already. */
    static TensorLayout<List<Tensor>> flat() {
        return new TensorLayout<>() {
            @Override
            public List<Tensor> pack(List<Tensor> inputs) {
                return inputs;
            }

            @Override
            public List<Tensor> unpack(List<Tensor> packed) {
                return packed;
            }
        };
    }
}
