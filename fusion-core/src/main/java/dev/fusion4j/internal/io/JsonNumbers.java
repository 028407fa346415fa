package dev.fusion4j.internal.io;

import com.google.gson.JsonElement;
import dev.fusion4j.model.ModelFormatException;
import java.math.BigDecimal;

/**
 * Reads numbers of model files exactly and within bounds: Gson would turn {@code 1e30} into
 * {@code 2147483647} or {@code 1073741824} without a word, so each number is checked as written.
 */
public final class JsonNumbers {
    private JsonNumbers() {
    }

    /**
     * @param where the file and field, for the message
     * @param bound why {@code max} is the limit, for the message
     * @throws ModelFormatException naming the field, the value as written and the bounds
     */
    public static long integer(JsonElement element, String where, long min, long max, String bound) {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw new ModelFormatException(where + " is " + element + ", not a number");
        }
        String written = element.getAsString();
        BigDecimal value = new BigDecimal(written);
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw new ModelFormatException(where + " is " + written + ", not an integer");
        }
        return within(value, written, where, min, max, bound);
    }

    /** Checks an integer already read; {@link #integer} for JSON elements. */
    public static long within(long value, String where, long min, long max, String bound) {
        return within(BigDecimal.valueOf(value), Long.toString(value), where, min, max, bound);
    }

    /**
     * A finite number.
     *
     * @throws ModelFormatException naming the field if it is not a number or not finite
     */
    public static double finite(JsonElement element, String where) {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()
                || !Double.isFinite(element.getAsDouble())) {
            throw new ModelFormatException(where + " is " + element + ", not a finite number");
        }
        return element.getAsDouble();
    }

    /** A probability in [0, 1). */
    public static double fraction(double value, String where) {
        if (!(value >= 0 && value < 1)) {
            throw new ModelFormatException(where + " is " + value + "; allowed from 0 to below 1");
        }
        return value;
    }

    private static long within(BigDecimal value, String written, String where, long min, long max, String bound) {
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ModelFormatException(where + " is " + written + "; allowed from " + min + " to " + max
                    + (bound.isEmpty() ? "" : " (" + bound + ")"));
        }
        return value.longValueExact();
    }
}
