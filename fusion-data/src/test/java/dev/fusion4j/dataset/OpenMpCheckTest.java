package dev.fusion4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenMpCheckTest {
    @Test
    void warnsOfTwoNativeEncodersUnlessTheWaitPolicyIsPassive() {
        String unset = OpenMpCheck.warning(2, null).orElseThrow();
        assertTrue(unset.startsWith("2 native encoders will run at once, but OMP_WAIT_POLICY is unset"), unset);
        assertTrue(unset.endsWith("set OMP_WAIT_POLICY=PASSIVE in the environment before starting Java"), unset);
        assertTrue(OpenMpCheck.warning(3, "ACTIVE").orElseThrow().contains("OMP_WAIT_POLICY is 'ACTIVE'"));

        assertEquals(Optional.empty(), OpenMpCheck.warning(2, "PASSIVE"));
        assertEquals(Optional.empty(), OpenMpCheck.warning(2, "passive"));
        assertEquals(Optional.empty(), OpenMpCheck.warning(1, null));
        assertEquals(Optional.empty(), OpenMpCheck.warning(0, "ACTIVE"));
    }
}
