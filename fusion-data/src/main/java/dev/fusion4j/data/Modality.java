package dev.fusion4j.data;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named kind of input: {@link #TEXT}, {@link #IMAGE}, {@link #AUDIO}, or any other a user
 * brings ({@code Modality.of("lidar")}). Two modalities are equal when their names are equal;
 * names are case-insensitive and stored in lower case.
 */
public final class Modality implements Comparable<Modality> {
    private static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public static final Modality TEXT = new Modality("text");
    public static final Modality IMAGE = new Modality("image");
    public static final Modality AUDIO = new Modality("audio");

    private final String name;

    private Modality(String name) {
        this.name = name;
    }

    /**
     * Returns the modality of the given name.
     *
     * @param name a letter followed by up to 63 letters, digits, '_' or '-'
     * @throws IllegalArgumentException if the name is not of that form
     */
    public static Modality of(String name) {
        Objects.requireNonNull(name, "name");
        String normalised = name.trim().toLowerCase(Locale.ROOT);
        if (!VALID_NAME.matcher(normalised).matches()) {
            throw new IllegalArgumentException("invalid modality name '" + name
                    + "': use a letter followed by up to 63 letters, digits, '_' or '-'");
        }
        return new Modality(normalised);
    }

    /** The lower-case name. */
    public String name() {
        return name;
    }

    @Override
    public int compareTo(Modality other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Modality other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
