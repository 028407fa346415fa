package dev.fusion4j.cli;

import java.util.Arrays;
import picocli.CommandLine;

/** Reads an option's value as the constant of {@code E} whose {@code toString()} it is, ignoring case. */
abstract class ChoiceConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;
    private final String what;

    /** @param what what the value is, for the error message: "a fusion" */
    ChoiceConverter(Class<E> type, String what) {
        this.type = type;
        this.what = what;
    }

    @Override
    public E convert(String value) {
        E[] choices = type.getEnumConstants();
        return Arrays.stream(choices).filter(c -> c.toString().equalsIgnoreCase(value.strip())).findFirst()
                .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not " + what
                        + "; choose one of " + Arrays.toString(choices)));
    }
}
