package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.ApprovalPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("approval.confirm: whether a click on Approve is confirmed first")
class ConfirmRulesTest extends PipelinesFileTestSupport {

    /** Three people in one group and a first stage; the stage appended to it starts on line 15. */
    private static final String PRELUDE = """
            people:
              alice: {}
              bob: {}
              erin: {}
            groups:
              release: [alice, bob, erin]
            registries:
              sandbox: { host: localhost:5000 }
            apps:
              shop:
                stages:
                  - name: dev
                    image: sandbox/shop:dev
                    approval: none
            """;

    private ApprovalPolicy prod(String approval) {
        return load(PRELUDE + """
                      - name: prod
                        image: sandbox/shop:prod
                        approval: %s
                """.formatted(approval)).app("shop").orElseThrow().stages().get(1).approval();
    }

    @Test
    @DisplayName("Two or more required approvals are confirmed unless the stage says otherwise")
    void defaultOnForTwo() {
        assertThat(prod("{ required: 2, approvers: [group:release] }").confirm()).isTrue();
    }

    @Test
    @DisplayName("One required approval is not confirmed unless the stage says so")
    void defaultOffForOne() {
        assertThat(prod("{ required: 1, approvers: [group:release] }").confirm()).isFalse();
    }

    @Test
    @DisplayName("An explicit confirm wins over the default, both ways")
    void explicitWins() {
        assertThat(prod("{ required: 2, approvers: [group:release], confirm: false }").confirm()).isFalse();
        assertThat(prod("{ required: 1, approvers: [group:release], confirm: true }").confirm()).isTrue();
    }

    @Test
    @DisplayName("approval: none confirms nothing: there is no vote")
    void noneConfirmsNothing() {
        assertThat(load(PRELUDE).app("shop").orElseThrow().stages().get(0).approval().confirm()).isFalse();
    }

    @Test
    @DisplayName("A confirm that is not true or false names file, path and line")
    void notABoolean() {
        assertThat(problemsOf(PRELUDE + """
                      - name: prod
                        image: sandbox/shop:prod
                        approval: { required: 2, approvers: [group:release], confirm: maybe }
                """)).isEqualTo(at("apps.shop.stages[1].approval.confirm", 17) + "'maybe' is not true or false");
    }
}
