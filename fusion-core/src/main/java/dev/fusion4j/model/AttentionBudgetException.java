package dev.fusion4j.model;

import dev.fusion4j.FusionException;

/**
 * Thrown before an attention layer runs when its score tensors would exceed the
 * attention budget ({@code .attentionBudget(bytes)} of {@link Fusion#intermediate()}'s attention
 * settings, 1 GiB by default): the sequences are too long for the batch. Window or shorten them,
 * lower the batch size, or raise the budget.
 */
public final class AttentionBudgetException extends FusionException {
    private static final long serialVersionUID = 1L;

    private final double neededBytes;
    private final long budgetBytes;

    public AttentionBudgetException(String message, double neededBytes, long budgetBytes) {
        super(message);
        this.neededBytes = neededBytes;
        this.budgetBytes = budgetBytes;
    }

    /** The estimated bytes of the refused pass's attention scores. */
    public double neededBytes() {
        return neededBytes;
    }

    /** The budget it exceeded. */
    public long budgetBytes() {
        return budgetBytes;
    }
}
