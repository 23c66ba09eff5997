package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgssalt.testing.TestGraphs;

class SessionGroupTest {
    private static final SharedEnvironment SHARED = SharedEnvironment.get(0);

    private static OrtSession realSession() {
        try {
            return SHARED.environment().createSession(TestGraphs.rampFold(1f, 1f));
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ORT's own flag: the Java API has no public accessor, and this test is about exactly that state. */
    private static boolean isClosed(OrtSession session) throws ReflectiveOperationException {
        Field closed = OrtSession.class.getDeclaredField("closed");
        closed.setAccessible(true);
        return closed.getBoolean(session);
    }

    @Test
    void failureAtFoldKClosesTheFoldsBeforeIt() throws Exception {
        List<OrtSession> made = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("fold 3 is broken");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> SessionGroup.open(
                List.of(1, 2, 3, 4), k -> {
                    if (k == 3) {
                        throw boom;
                    }
                    OrtSession s = realSession();
                    made.add(s);
                    return s;
                }));
        assertSame(boom, thrown);
        assertEquals(2, made.size(), "fold 4 must not be opened");
        for (OrtSession s : made) {
            assertTrue(isClosed(s), "an opened session was left open");
        }
    }

    @Test
    void closeClosesEverySessionOnce() throws Exception {
        SessionGroup group = SessionGroup.open(List.of(1, 2, 3), k -> realSession());
        List<OrtSession> sessions = group.sessions();
        for (OrtSession s : sessions) {
            assertFalse(isClosed(s));
        }
        group.close();
        group.close();
        assertTrue(group.isClosed());
        for (OrtSession s : sessions) {
            assertTrue(isClosed(s));
        }
    }
}
