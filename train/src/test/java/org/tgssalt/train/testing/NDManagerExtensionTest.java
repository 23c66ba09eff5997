package org.tgssalt.train.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension's lifetimes: a test's managers close after the test, the class's after the class. */
@ExtendWith(NDManagerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NDManagerExtensionTest {
    private static NDManager classManager;
    private static final List<NDManager> TEST_MANAGERS = new ArrayList<>();

    @BeforeAll
    static void open(NDManager manager) {
        classManager = manager;
    }

    @AfterAll
    static void checkLifetimes() {
        // Runs before the class's store closes: the class manager is still open, every test's is closed.
        assertTrue(classManager.isOpen(), "the @BeforeAll manager lives until the class ends");
        assertEquals(3, TEST_MANAGERS.size());
        for (NDManager m : TEST_MANAGERS) {
            assertFalse(m.isOpen(), "a test's manager is closed after its test");
        }
    }

    @Test
    @Order(1)
    void aTestGetsAnOpenManagerOfItsOwn(NDManager manager) {
        assertTrue(manager.isOpen());
        assertNotSame(classManager, manager);
        assertEquals(3f, manager.create(1f).add(manager.create(2f)).getFloat());
        TEST_MANAGERS.add(manager);
    }

    @Test
    @Order(2)
    void twoParametersAreTwoManagers(NDManager first, NDManager second) {
        assertNotSame(first, second);
        TEST_MANAGERS.add(first);
        TEST_MANAGERS.add(second);
    }

    @Test
    @Order(3)
    void earlierTestsManagersAreClosedAlready() {
        for (NDManager m : TEST_MANAGERS) {
            assertFalse(m.isOpen());
        }
        assertTrue(classManager.isOpen());
    }
}
