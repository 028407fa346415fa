package dev.fusion4j.internal.tensor.nd4j;

import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One ND4J operation bound to its input and output arrays. Running it again recomputes the output
 * in place and creates no ND4J object, so no native memory waits for the garbage collector.
 */
@FunctionalInterface
interface Kernel {
    void run();

    /** Frees what the kernel holds natively (a custom op's context); it must not run again. */
    default void close() {
    }

    /** A legacy op (transform, scalar) whose {@code x} and {@code z} are set. */
    static Kernel of(Op op) {
        return () -> Nd4j.getExecutioner().exec(op);
    }

    /** A custom op whose inputs, outputs and arguments are set, run through an op context of its own. */
    static Kernel of(CustomOp op) {
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(op.inputArguments());
        context.setOutputArrays(op.outputArguments());
        if (op.iArgs().length > 0) {
            context.setIArguments(op.iArgs());
        }
        if (op.tArgs().length > 0) {
            context.setTArguments(op.tArgs());
        }
        if (op.bArgs().length > 0) {
            context.setBArguments(op.bArgs());
        }
        if (op.dArgs().length > 0) {
            context.setDArguments(op.dArgs());
        }
        return new Kernel() {
            @Override
            public void run() {
                Nd4j.getExecutioner().exec(op, context);
            }

            @Override
            public void close() {
                try {
                    context.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot free an ND4J op context", e);
                }
            }
        };
    }
}
