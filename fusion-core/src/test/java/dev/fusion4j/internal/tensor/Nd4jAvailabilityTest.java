package dev.fusion4j.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.model.BackendUnavailableException;

import dev.fusion4j.FusionException;
import dev.fusion4j.internal.tensor.nd4j.Nd4jBackend;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * Without ND4J on the classpath (only fusion-core's and fusion-data's classes), asking for its
 * backend names the artifact to add.
 */
class Nd4jAvailabilityTest {

    @Test
    void missingNd4jGivesBackendUnavailableNamingTheArtifact() throws Exception {
        URL coreClasses = Nd4jBackend.class.getProtectionDomain().getCodeSource().getLocation();
        URL dataClasses = FusionException.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutNd4j = new URLClassLoader(new URL[] {coreClasses, dataClasses},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> backend = withoutNd4j.loadClass(Nd4jBackend.class.getName());
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> backend.getMethod("create").invoke(null));
            Throwable cause = thrown.getCause();
            assertEquals(BackendUnavailableException.class.getName(), cause.getClass().getName());
            assertTrue(cause.getMessage().contains("org.nd4j:nd4j-native:1.0.0-M2.1"), cause.getMessage());
        }
    }
}
