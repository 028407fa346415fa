package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.internal.io.DirectoryLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves and loads of one directory at once, from threads and from processes: every load sees one
 * whole saved model, and the directory ends with one model, that of the save that ran last.
 */
class ConcurrentSaveTest {
    private static final int SAVES = 25;

    @Test
    void threadsSavingAndLoadingOneDirectoryAlwaysSeeAWholeModel(@TempDir Path dir) throws Exception {
        FusionModel first = SaveLoadLoop.model(1);
        first.save(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (long seed : new long[] {1, 2}) {
                tasks.add(pool.submit(() -> {
                    FusionModel model = SaveLoadLoop.model(seed);
                    for (int i = 0; i < SAVES; i++) {
                        model.save(dir);
                    }
                }));
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < SAVES; i++) {
                        assertTrue(Set.of(1L, 2L).contains(SaveLoadLoop.loadWhole(dir)));
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();   // rethrows a failed load
            }
        } finally {
            pool.shutdown();
        }
        assertOneModel(dir);
    }

    @Test
    void twoProcessesSavingWhileAThirdLoadsLeaveAWholeModel(@TempDir Path dir, @TempDir Path logs) throws Exception {
        FusionModel first = SaveLoadLoop.model(1);
        first.save(dir);
        List<Process> children = List.of(
                child(logs.resolve("save-1.log"), "save", dir.toString(), "1", Integer.toString(SAVES)),
                child(logs.resolve("save-2.log"), "save", dir.toString(), "2", Integer.toString(SAVES)),
                child(logs.resolve("load.log"), "load", dir.toString(), Integer.toString(2 * SAVES)));
        for (int i = 0; i < SAVES; i++) {
            assertTrue(Set.of(1L, 2L).contains(SaveLoadLoop.loadWhole(dir)));
        }
        for (Process child : children) {
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "a child process hangs");
        }
        List<String> logNames = List.of("save-1.log", "save-2.log", "load.log");
        for (int i = 0; i < children.size(); i++) {
            assertEquals(0, children.get(i).exitValue(), logNames.get(i) + ": "
                    + Files.readString(logs.resolve(logNames.get(i)), StandardCharsets.UTF_8));
        }
        assertOneModel(dir);
    }

    @Test
    void aSaveKilledMidwayLeavesALoadableModelAndTheNextLoadTidiesUp(@TempDir Path dir, @TempDir Path logs)
            throws Exception {
        FusionModel first = SaveLoadLoop.model(1);
        first.save(dir);
        Process saver = child(logs.resolve("save.log"), "save", dir.toString(), "2", "100000");
        Path model = dir.resolve(ModelStore.MODEL_FILE);
        String before = Files.readString(model);
        while (saver.isAlive() && Files.readString(model).equals(before)) {
            Thread.sleep(10);   // until the child saves, so it is killed amid its saves
        }
        saver.destroyForcibly().waitFor();
        assertTrue(Set.of(1L, 2L).contains(SaveLoadLoop.loadWhole(dir)));
        assertOneModel(dir);
    }

    /** A child JVM running {@link SaveLoadLoop} with {@code args}, its output going to {@code log}. */
    private static Process child(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SaveLoadLoop.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** model.json, the one weight file it names and the lock: no temporary or stale file. */
    private static void assertOneModel(Path dir) throws IOException {
        SaveLoadLoop.loadWhole(dir);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(3, names.size(), names.toString());
            assertEquals(List.of(DirectoryLock.FILE, "model.json"), List.of(names.get(0), names.get(1)));
            assertTrue(names.get(2).matches("weights-[0-9a-f]{16}\\.safetensors"), names.toString());
        }
    }
}
