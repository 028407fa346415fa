package dev.fusion4j.dataset;

import java.util.List;

/**
 * One fold of a k-fold cross-validation made by {@link Splits#kFold}: train on {@code train},
 * evaluate on {@code validation}. Each part keeps the items' input order. Immutable.
 */
public record Fold<T>(List<T> train, List<T> validation) {
    public Fold {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }
}
