package dev.signoff;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

@DisplayName("Modules")
class ModularityTests {
    private final ApplicationModules modules = ApplicationModules.of(SignoffApplication.class);

    @Test
    @DisplayName("depend only on what they declare, without cycles")
    void verify() {
        modules.verify();
    }
}
