package dev.fusion4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloseGuardTest {

    @Test
    void closeWaitsForTheCallInFlightThenRefusesCalls() throws Exception {
        CloseGuard guard = new CloseGuard("this widget");
        AtomicBoolean freed = new AtomicBoolean();
        Thread closer = new Thread(() -> guard.close(() -> freed.set(true)));
        boolean freedDuringCall = guard.call(() -> {
            closer.start();
            // the closer either parks on the guard (waiting for this call) or finishes freeing
            while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            return freed.get();
        });
        closer.join();
        assertFalse(freedDuringCall, "the resource was freed while a call was using it");
        assertTrue(freed.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.call(() -> 1));
        assertEquals("this widget is closed", e.getMessage());
    }

    @Test
    void closingTwiceReleasesOnce() {
        CloseGuard guard = new CloseGuard("this widget");
        AtomicInteger releases = new AtomicInteger();
        guard.close(releases::incrementAndGet);
        guard.close(releases::incrementAndGet);
        assertEquals(1, releases.get());
    }
}
