package dev.fusion4j.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The target of one sample: a class index (single-label classification) or a vector of values
 * (regression targets, or 0/1 indicators for multi-label classification). Immutable.
 */
public final class Label {
    private final int classIndex;
    private final float[] values;

    private Label(int classIndex, float[] values) {
        this.classIndex = classIndex;
        this.values = values;
    }

    /** A class index, 0 ≤ index. */
    public static Label ofClass(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("class index must be ≥ 0, got " + index);
        }
        return new Label(index, null);
    }

    /** A vector of finite target values (regression, or multi-label 0/1 indicators). */
    public static Label ofValues(float... values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("a value label needs at least one value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("label value " + i + " is " + values[i]);
            }
        }
        return new Label(-1, values.clone());
    }

    /** Whether this is a class index rather than a vector of values. */
    public boolean isClass() {
        return values == null;
    }

    /**
     * The class index.
     *
     * @throws IllegalStateException for a value label
     */
    public int classIndex() {
        if (values != null) {
            throw new IllegalStateException("this label holds " + values.length + " values, not a class");
        }
        return classIndex;
    }

    /**
     * A copy of the target values.
     *
     * @throws IllegalStateException for a class label
     */
    public float[] values() {
        if (values == null) {
            throw new IllegalStateException("this label is class " + classIndex + ", not values");
        }
        return values.clone();
    }

    /** 1 for a class label, the number of values otherwise. */
    public int size() {
        return values == null ? 1 : values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Label other && classIndex == other.classIndex && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * classIndex + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return values == null ? "class " + classIndex : Arrays.toString(values);
    }
}
