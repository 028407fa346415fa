package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A joint space made of one affine {@link Projection} per modality; immutable and thread-safe. */
abstract class LinearJointSpace implements JointSpace {
    private final Projection first;
    private final Projection second;

    LinearJointSpace(Projection first, Projection second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public final Modality first() {
        return first.modality();
    }

    @Override
    public final Modality second() {
        return second.modality();
    }

    @Override
    public final int width() {
        return first.outputWidth();
    }

    @Override
    public final int inputWidth(Modality modality) {
        return projection(modality).inputWidth();
    }

    @Override
    public final Features project(Modality modality, Features vector) {
        Objects.requireNonNull(vector, "vector");
        return projection(modality).apply(vector);
    }

    @Override
    public final List<Features> projectAll(Modality modality, List<Features> vectors) {
        Projection projection = projection(modality);
        List<Features> out = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            int index = i;
            Features vector = Objects.requireNonNull(vectors.get(i), () -> "vector " + index + " is null");
            try {
                out.add(projection.apply(vector));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vector " + i + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private Projection projection(Modality modality) {
        if (first.modality().equals(modality)) {
            return first;
        }
        if (second.modality().equals(modality)) {
            return second;
        }
        throw new IllegalArgumentException("this space joins '" + first.modality() + "' and '" + second.modality()
                + "', not '" + modality + "'");
    }
}
