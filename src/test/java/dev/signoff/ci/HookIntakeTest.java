package dev.signoff.ci;

import dev.signoff.ci.HookMetrics.Outcome;
import dev.signoff.promotion.TestPipelines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Hook settings")
class HookIntakeTest {

    @Test
    @DisplayName("a source without a secret refuses everything, even a request signed with an empty key")
    void noSecretRefuses() {
        HooksProperties properties = new HooksProperties(DataSize.ofMegabytes(1), 4, null, null, null,
                new HooksProperties.Source("  ", null), null, null, null, null);
        HookIntake intake = new HookIntake(List.of(new GenericSource()), properties, TestPipelines.shop(), null, null,
                new HookMetrics(new SimpleMeterRegistry()), event -> { });
        byte[] body = "{\"app\":\"shop\",\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);

        HookIntake.Reply reply = intake.receive(Fixtures.request("generic", body,
                Map.of("X-Signoff-Signature", Signatures.sign(new byte[] {0}, body))));

        assertThat(reply.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a source tied to a registry the pipelines do not define stops start-up, naming the registries")
    void unknownRegistry() {
        HooksProperties properties = new HooksProperties(DataSize.ofMegabytes(1), 4, null, null, null, null,
                new HooksProperties.Source("s3cret", "mirror"), null, null, null);

        assertThatThrownBy(() -> new HookIntake(List.of(new DistributionSource()), properties, TestPipelines.shop(), null, null,
                new HookMetrics(new SimpleMeterRegistry()), event -> { }))
                .hasMessage("signoff.hooks.distribution.registry: 'mirror' is not a registry in the pipelines config; registries are "
                        + String.join(", ", TestPipelines.shop().registries().keySet()));
    }

    @Test
    @DisplayName("the settings never show a secret")
    void secretNotShown() {
        assertThat(new HooksProperties.Source("s3cret", null).toString()).doesNotContain("s3cret").contains("(set)");
    }
}
