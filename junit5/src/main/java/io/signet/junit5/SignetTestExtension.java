package io.signet.junit5;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link SignetTest}: one server per annotated class, kept in the class's extension store (so
 * classes running in parallel each have their own), handed to parameters of type {@link Smb}.
 */
final class SignetTestExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SignetTestExtension.class);
    private static final String SERVER = "server";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        SignetTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SignetTest.class)
                .orElseThrow(() -> new IllegalStateException("no @SignetTest on " + context.getRequiredTestClass()));
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(SERVER, RunningSignet.class) != null) {
            // A @Nested class: the lookup reached its enclosing class's server, which it shares.
            return;
        }
        store.put(SERVER, new RunningSignet(ServerSpec.of(annotation.shares(), annotation.users())));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        RunningSignet own = context.getStore(NAMESPACE).remove(SERVER, RunningSignet.class);
        if (own != null) {
            own.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Smb.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static RunningSignet server(ExtensionContext context) {
        RunningSignet r = context.getStore(NAMESPACE).get(SERVER, RunningSignet.class);
        if (r == null) {
            throw new ParameterResolutionException("the Signet server of @SignetTest is not running here");
        }
        return r;
    }
}
