package dev.fusion4j.text;

import dev.fusion4j.data.EncoderSpec;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cleans text before encoding. Always: unpaired UTF-16 surrogates become U+FFFD and control
 * characters (but tab and newlines) are removed. Optional: Unicode NFKC normalisation,
 * whitespace collapsing, lower-casing, stop-word removal (for word-vector encoders; BERT models
 * need the words). Immutable and thread-safe.
 */
public final class TextCleaner {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    private final boolean normalise;
    private final boolean collapseWhitespace;
    private final boolean lowerCase;
    private final Set<String> stopWords;

    private TextCleaner(boolean normalise, boolean collapseWhitespace, boolean lowerCase, Set<String> stopWords) {
        this.normalise = normalise;
        this.collapseWhitespace = collapseWhitespace;
        this.lowerCase = lowerCase;
        this.stopWords = Set.copyOf(stopWords);
    }

    /** Only the mandatory repairs (surrogates, control characters). */
    public static TextCleaner minimal() {
        return new TextCleaner(false, false, false, Set.of());
    }

    /** NFKC normalisation and whitespace collapsing, the default for BERT encoders. */
    public static TextCleaner standard() {
        return new TextCleaner(true, true, false, Set.of());
    }

    public TextCleaner withLowerCase() {
        return new TextCleaner(normalise, collapseWhitespace, true, stopWords);
    }

    /** Drops these words (compared in lower case) when splitting into words. */
    public TextCleaner withStopWords(Set<String> words) {
        Set<String> lower = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return new TextCleaner(normalise, collapseWhitespace, lowerCase, lower);
    }

    /** A small English stop-word list. */
    public static Set<String> englishStopWords() {
        return Set.copyOf(Arrays.asList(("a an and are as at be but by for from has have he her his i in is it its of on "
                + "or she that the their them they this to was we were what which who will with you your").split(" ")));
    }

    /**
     * What this cleaner does, for an encoder's spec: its settings by name, each prefixed with
     * {@code prefix} ({@link #of(EncoderSpec, String)} reads them back). Stop words are joined by spaces.
     */
    Map<String, String> settings(String prefix) {
        return Map.of(prefix + "normalise", Boolean.toString(normalise),
                prefix + "collapseWhitespace", Boolean.toString(collapseWhitespace),
                prefix + "lowerCase", Boolean.toString(lowerCase),
                prefix + "stopWords", String.join(" ", new TreeSet<>(stopWords)));
    }

    /**
     * The cleaner whose {@link #settings(String)} {@code spec} holds.
     *
     * @throws IllegalArgumentException if a setting is missing or invalid
     */
    static TextCleaner of(EncoderSpec spec, String prefix) {
        String stopWords = spec.setting(prefix + "stopWords");
        return new TextCleaner(spec.bool(prefix + "normalise"), spec.bool(prefix + "collapseWhitespace"),
                spec.bool(prefix + "lowerCase"), stopWords.isEmpty() ? Set.of() : Set.of(stopWords.split(" ")));
    }

    /** The cleaned text. */
    public String clean(String text) {
        String out = repairSurrogates(text);
        out = removeControlCharacters(out);
        if (normalise) {
            out = Normalizer.normalize(out, Normalizer.Form.NFKC);
        }
        if (collapseWhitespace) {
            out = WHITESPACE.matcher(out).replaceAll(" ").strip();
        }
        if (lowerCase) {
            out = out.toLowerCase(Locale.ROOT);
        }
        return out;
    }

    /** The cleaned text split into words (letters, digits, apostrophes), stop words removed. */
    public java.util.List<String> words(String text) {
        java.util.List<String> words = new java.util.ArrayList<>();
        var matcher = WORD.matcher(clean(text));
        while (matcher.find()) {
            String word = matcher.group();
            if (!stopWords.contains(word.toLowerCase(Locale.ROOT))) {
                words.add(word);
            }
        }
        return words;
    }

    private static String repairSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String removeControlCharacters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (!Character.isISOControl(cp) || cp == '\t' || cp == '\n' || cp == '\r') {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
