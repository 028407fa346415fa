package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java snippet compiles against the modules, trains a model and predicts. */
class ReadmeSnippetTest {
    private static final String START = "<!-- readme-snippet:start -->";
    private static final String END = "<!-- readme-snippet:end -->";

    @Test
    void readmeSnippetCompilesTrainsAndPredicts(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String block = readme.substring(readme.indexOf(START) + START.length(), readme.indexOf(END));
        List<String> lines = block.lines().filter(line -> !line.startsWith("```")).toList();
        StringBuilder source = new StringBuilder();
        lines.stream().filter(line -> line.startsWith("import ")).forEach(line -> source.append(line).append('\n'));
        source.append("public class Snippet {\n    public static void main(String[] args) {\n");
        lines.stream().filter(line -> !line.startsWith("import ")).forEach(line -> source.append(line).append('\n'));
        source.append("    }\n}\n");
        Path file = dir.resolve("Snippet.java");
        Files.writeString(file, source);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), file.toString());
        assertEquals(0, status, () -> "snippet does not compile:\n" + diagnostics + "\n" + source);

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("Snippet").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        // with audio (4 in 5 samples) the first frame, label - 0.5, gives the answer; without it the
        // text gives it with noise of σ 1 (Φ(0.5) ≈ 69 %): about 0.8 + 0.2 · 0.69 ≈ 0.94 in all
        List<String> output = printed.toString(StandardCharsets.UTF_8).lines().toList();
        double accuracy = Double.parseDouble(output.get(output.size() - 2).replace("training accuracy ", ""));
        assertTrue(accuracy > 0.85, "accuracy " + accuracy);
        assertTrue(List.of("no", "yes").contains(output.get(output.size() - 1)), output.toString());
    }
}
