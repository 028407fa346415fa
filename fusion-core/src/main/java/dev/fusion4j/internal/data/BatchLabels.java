package dev.fusion4j.internal.data;

/**
 * The labels of a batch: class indices {@code [B]} or values {@code [B, k]}. Immutable.
 */
public final class BatchLabels {
    private final int[] classes;
    private final float[] values;
    private final int width;

    private BatchLabels(int[] classes, float[] values, int width) {
        this.classes = classes;
        this.values = values;
        this.width = width;
    }

    static BatchLabels ofClasses(int[] classes) {
        return new BatchLabels(classes, null, 1);
    }

    static BatchLabels ofValues(float[] values, int width) {
        return new BatchLabels(null, values, width);
    }

    /** Whether these are class indices. */
    public boolean isClass() {
        return classes != null;
    }

    /** k, values per sample; 1 for class labels. */
    public int width() {
        return width;
    }

    /**
     * A copy of the class indices {@code [B]}.
     *
     * @throws IllegalStateException for value labels
     */
    public int[] classes() {
        if (classes == null) {
            throw new IllegalStateException("these labels are values of width " + width + ", not classes");
        }
        return classes.clone();
    }

    /**
     * A copy of the values, row-major {@code [B, k]}.
     *
     * @throws IllegalStateException for class labels
     */
    public float[] values() {
        if (values == null) {
            throw new IllegalStateException("these labels are class indices, not values");
        }
        return values.clone();
    }

    float[] classesAsFloats() {
        float[] out = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            out[i] = classes[i];
        }
        return out;
    }
}
