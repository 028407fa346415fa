package dev.fusion4j.internal.tensor;

/** Axis arithmetic shared by the backends. */
public final class Axes {
    private Axes() {
    }

    /**
     * Maps a possibly negative axis to {@code [0, rank)}.
     *
     * @throws IllegalArgumentException if the axis is out of range
     */
    public static int normalise(int axis, int rank) {
        int normalised = axis < 0 ? axis + rank : axis;
        if (normalised < 0 || normalised >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return normalised;
    }

    /** The number of elements of a shape. */
    public static long elementCount(long... shape) {
        long count = 1;
        for (long size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size + " in shape " + java.util.Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, size);
        }
        return count;
    }
}
