package dev.fusion4j.internal.tensor.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fusion4j.internal.tensor.Axes;
import dev.fusion4j.model.BackendUnavailableException;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tensors on DJL's PyTorch engine, on the CPU or a CUDA GPU. The default backend, and the one
 * that trains.
 *
 * <p>A backend made by {@link #cpu()} or {@link #create(Device)} owns an {@link NDManager} and
 * frees every tensor it made when closed; one made by {@link #wrap(NDManager)} borrows the
 * caller's manager. Not thread-safe: use one per thread.
 */
public final class DjlBackend implements TensorBackend, AutoCloseable {
    static final String ENGINE = "PyTorch";
    private static final String NATIVE_HINT = "the PyTorch engine needs ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0 and "
            + "ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64; a CUDA build for GPUs) on the "
            + "classpath";

    private final NDManager manager;
    private final boolean owned;

    private DjlBackend(NDManager manager, boolean owned) {
        this.manager = manager;
        this.owned = owned;
    }

    /** A backend on the CPU. */
    public static DjlBackend cpu() {
        return create(Device.cpu());
    }

    /** A backend on the engine's default device: the first GPU if PyTorch sees one, else the CPU. */
    public static DjlBackend defaultDevice() {
        return create(engine().defaultDevice());
    }

    /**
     * A backend on {@code device}.
     *
     * @throws BackendUnavailableException if the PyTorch engine cannot be loaded
     */
    public static DjlBackend create(Device device) {
        return new DjlBackend(engine().newBaseManager(device), true);
    }

    /** A backend over a manager the caller owns and closes. */
    public static DjlBackend wrap(NDManager manager) {
        return new DjlBackend(manager, false);
    }

    /** The device tensors are made on. */
    public Device device() {
        return manager.getDevice();
    }

    /** The manager tensors are attached to. */
    public NDManager manager() {
        return manager;
    }

    /** Wraps an array of this backend's engine (it stays owned by its own manager). */
    public DjlTensor wrap(NDArray array) {
        return new DjlTensor(this, array);
    }

    @Override
    public String name() {
        return "djl-pytorch(" + manager.getDevice() + ")";
    }

    @Override
    public Tensor fromArray(float[] values, long... shape) {
        requireOpen();
        long expected = Axes.elementCount(shape);
        if (expected != values.length) {
            throw new IllegalArgumentException("shape " + new Shape(shape) + " needs " + expected + " values, got "
                    + values.length);
        }
        return wrap(manager.create(values, new Shape(shape)));
    }

    /** Draws the mask with PyTorch's generator, seeded from {@code random}. */
    @Override
    public Tensor dropoutMask(SplittableRandom random, float keep, long... shape) {
        requireOpen();
        engine().setRandomSeed(random.nextInt());
        NDArray kept = manager.randomUniform(0f, 1f, new Shape(shape)).lt(keep);
        return wrap(kept.toType(DataType.FLOAT32, false).div(keep));
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        NDList arrays = arrays(tensors);
        if (arrays.size() == 1) {
            // DJL copies a lone array without its gradient history; the tensor itself is the result
            return tensors.get(0);
        }
        return wrap(NDArrays.concat(arrays, axis));
    }

    @Override
    public Tensor stack(List<Tensor> tensors, int axis) {
        return wrap(NDArrays.stack(arrays(tensors), axis));
    }

    /** Frees every tensor made by this backend, if it owns its manager. Closing twice is harmless. */
    @Override
    public void close() {
        if (owned) {
            manager.close();
        }
    }

    private NDList arrays(List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("need at least one tensor");
        }
        NDList list = new NDList(tensors.size());
        for (Tensor tensor : tensors) {
            if (!(tensor instanceof DjlTensor djl)) {
                throw new IllegalArgumentException("cannot mix a " + name() + " tensor with a "
                        + tensor.backend().name() + " tensor");
            }
            list.add(djl.ndArray());
        }
        return list;
    }

    private void requireOpen() {
        if (!manager.isOpen()) {
            throw new IllegalStateException("this " + name() + " backend is closed");
        }
    }

    /**
     * Checks that DJL's PyTorch engine loads.
     *
     * @throws BackendUnavailableException naming the artifacts to add if it does not
     */
    public static void requireAvailable() {
        engine();
    }

    static Engine engine() {
        try {
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("cannot load DJL's PyTorch engine: " + NATIVE_HINT, e);
        }
    }
}
