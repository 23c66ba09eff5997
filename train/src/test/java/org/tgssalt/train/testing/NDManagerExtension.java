package org.tgssalt.train.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a DJL {@link NDManager} and closes it, so that no test class repeats the set-up and tear-down of
 * native memory. A test method's (or {@code @BeforeEach} method's) {@code NDManager} parameter is a new base
 * manager closed after that test; a {@code @BeforeAll} method's, one closed after the class's last test. Each
 * parameter gets a manager of its own, so a test asking for two gets two independent ones.
 *
 * <pre>{@code
 * @ExtendWith(NDManagerExtension.class)
 * class AdditionTest {
 *     @Test
 *     void adds(NDManager manager) {
 *         assertEquals(3f, manager.create(1f).add(2f).getFloat());
 *     }
 * }
 * }</pre>
 *
 * <p>The manager lives in JUnit's extension store of the context that asked for it; the store closes it when
 * that context ends (after {@code @AfterEach} for a test, after {@code @AfterAll} for a class), even when the
 * test fails.
 */
public final class NDManagerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NDManagerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NDManager.class;
    }

    @Override
    public NDManager resolveParameter(ParameterContext parameter, ExtensionContext context) {
        NDManager manager = NDManager.newBaseManager();
        // One entry per parameter of one executable: the key only has to be unique within the context.
        String key = parameter.getDeclaringExecutable() + "#" + parameter.getIndex();
        // JUnit closes the AutoCloseable values of a store when its context ends.
        context.getStore(NAMESPACE).put(key, manager);
        return manager;
    }
}
