package dev.signoff.registry;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension with two real registries for a test class: {@code open} (anonymous, deletes
 * enabled) and {@code secure} (htpasswd user {@code signoff}, deletes disabled). Both are stopped
 * after the class. Register with {@code @RegisterExtension static final TwoRegistries registries = …}.
 */
final class TwoRegistries implements BeforeAllCallback, AfterAllCallback {
    static final String USER = "signoff";
    static final String PASSWORD = "s3cret-Pa55";

    LocalRegistry open;
    LocalRegistry secure;

    @Override
    public void beforeAll(ExtensionContext context) {
        open = LocalRegistry.start("open", null, null, true);
        secure = LocalRegistry.start("secure", USER, PASSWORD, false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (open != null) {
            open.close();
        }
        if (secure != null) {
            secure.close();
        }
    }
}
