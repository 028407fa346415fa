package dev.fusion4j.benchmarks;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python side of a comparison: a script from this module's resources, run in the same run by
 * {@code /usr/bin/python3} (Debian's, where python3-torch is installed).
 */
final class PythonSide {
    private PythonSide() {
    }

    /**
     * The lines {@code resource} prints (stdout and stderr together); none if Python could not
     * start. A failure is noted on stdout and the lines printed before it are kept.
     */
    static List<String> run(String resource, String... args) {
        List<String> lines = new ArrayList<>();
        try (InputStream script = PythonSide.class.getResourceAsStream("/" + resource)) {
            Path file = Files.createTempFile(resource, ".py");
            try {
                Files.write(file, script.readAllBytes());
                List<String> command = new ArrayList<>(List.of("/usr/bin/python3", file.toString()));
                command.addAll(List.of(args));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    reader.lines().forEach(lines::add);
                }
                if (process.waitFor() != 0) {
                    System.out.println(resource + " failed: " + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
                }
            } finally {
                Files.delete(file);
            }
        } catch (Exception e) {
            System.out.println(resource + " not run: " + e.getMessage());
        }
        return lines;
    }
}
