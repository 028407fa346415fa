package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The API packages stay small, and the README's count of their public types is the real one. */
class ApiSurfaceTest {
    private static final List<String> API_PACKAGES = List.of("model", "train", "eval", "align");
    private static final int MOST_PUBLIC_TYPES = 35;

    @Test
    void theReadmeCountsThePublicTopLevelTypesOfTheApiPackages() throws Exception {
        TreeSet<String> types = publicTopLevelTypes();
        assertTrue(types.size() <= MOST_PUBLIC_TYPES, types.size() + " public types: " + types);
        Matcher stated = Pattern.compile("API packages hold (\\d+) public top-level types")
                .matcher(Files.readString(Path.of("..", "README.md")));
        assertTrue(stated.find(), "the README states the count");
        assertEquals(types.size(), Integer.parseInt(stated.group(1)), "public types: " + types);
    }

    private static TreeSet<String> publicTopLevelTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(FusionModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> types = new TreeSet<>();
        for (String name : API_PACKAGES) {
            try (Stream<Path> files = Files.list(classes.resolve("dev/fusion4j/" + name))) {
                for (Path file : files.toList()) {
                    String simple = file.getFileName().toString();
                    if (simple.endsWith(".class") && !simple.contains("$") && !simple.equals("package-info.class")) {
                        Class<?> type = Class.forName("dev.fusion4j." + name + "." + simple.replace(".class", ""),
                                false, ApiSurfaceTest.class.getClassLoader());
                        if (Modifier.isPublic(type.getModifiers())) {
                            types.add(type.getName());
                        }
                    }
                }
            }
        }
        return types;
    }
}
