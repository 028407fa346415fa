package dev.fusion4j.dataset;

/** Why one row cannot become a sample; {@link RowCollector} adds the file and line. */
final class BadRow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRow(String reason) {
        super(reason, null, false, false);
    }
}
