package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark figure the README quotes is a link to the results file a benchmark run wrote,
 * {@code [24.6× faster](benchmarks/results/encoding.md)}, and each number in the link's text must
 * appear in that file: a rerun that changes the figure fails the build until the README follows.
 */
class ReadmeFiguresTest {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*\\d[^\\]]*)\\]\\((benchmarks/results/[\\w.-]+\\.md)\\)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    @Test
    void everyLinkedFigureIsInItsResultsFile() throws IOException {
        Path root = Path.of("..");
        String readme = Files.readString(root.resolve("README.md")).replaceAll("\\s+", " ");
        Matcher link = LINK.matcher(readme);
        List<String> missing = new ArrayList<>();
        int figures = 0;
        while (link.find()) {
            Path file = root.resolve(link.group(2));
            assertTrue(Files.isRegularFile(file), "the README links to " + link.group(2) + ", which does not exist");
            String results = Files.readString(file);
            Matcher number = NUMBER.matcher(link.group(1));
            while (number.find()) {
                figures++;
                if (!results.contains(number.group())) {
                    missing.add(number.group() + " (\"" + link.group(1) + "\") is not in " + link.group(2));
                }
            }
        }
        assertTrue(figures > 0, "the README quotes no linked benchmark figure");
        assertTrue(missing.isEmpty(), "README figures that no results file holds: " + missing);
    }
}
