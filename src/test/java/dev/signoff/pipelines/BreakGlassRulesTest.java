package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Stage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("freeze: a list of windows, or windows with a break-glass approval")
class BreakGlassRulesTest extends PipelinesFileTestSupport {

    /** Three people, a group, a first stage; the stage appended to it starts on line 15. */
    private static final String PRELUDE = """
            people:
              alice: {}
              bob: {}
              erin: {}
            groups:
              sre: [bob, erin]
            registries:
              sandbox: { host: localhost:5000 }
            apps:
              shop:
                stages:
                  - name: dev
                    image: sandbox/shop:dev
                    approval: none
            """;

    private static String prod(String freeze) {
        return PRELUDE + """
                  - name: prod
                    image: sandbox/shop:prod
                    approval: { required: 1, approvers: [alice] }
                    freeze: %s
            """.formatted(freeze);
    }

    @Test
    @DisplayName("Today's list of windows still works, with no break-glass")
    void list() {
        Stage prod = load(prod("[ \"Fri 16:00-Mon 08:00 Europe/Berlin\" ]")).stage("shop", "prod").orElseThrow();
        assertThat(prod.freeze()).hasSize(1);
        assertThat(prod.breakGlass()).isNull();
    }

    @Test
    @DisplayName("windows with breakGlass: its policy never counts the requester, and confirms as any policy of 2 does")
    void mapping() {
        Stage prod = load(prod("{ windows: [ \"Fri 16:00-Mon 08:00 Europe/Berlin\" ], breakGlass: { required: 2, approvers: [group:sre] } }"))
                .stage("shop", "prod").orElseThrow();
        assertThat(prod.freeze()).hasSize(1);
        assertThat(prod.freeze().getFirst().toString()).isEqualTo("Fri 16:00-Mon 08:00 Europe/Berlin");
        assertThat(prod.breakGlass()).isEqualTo(new ApprovalPolicy(2, List.of("group:sre"), false, null, true));
    }

    @Test
    @DisplayName("A freeze mapping without windows says so, with an example")
    void noWindows() {
        assertThat(problemsOf(prod("{ breakGlass: { required: 2, approvers: [group:sre] } }")))
                .isEqualTo(at("apps.shop.stages[1].freeze", 18) + "'windows' is required, like windows: [\"Fri 16:00-Mon 08:00 Europe/Berlin\"]");
    }

    @Test
    @DisplayName("A freeze mapping with an empty list of windows says it needs one")
    void emptyWindows() {
        assertThat(problemsOf(prod("{ windows: [], breakGlass: { required: 2, approvers: [group:sre] } }")))
                .isEqualTo(at("apps.shop.stages[1].freeze.windows", 18)
                        + "needs at least one freeze window, like \"Fri 16:00-Mon 08:00 Europe/Berlin\"");
    }

    @Test
    @DisplayName("A key other than windows and breakGlass in a freeze mapping lists the two")
    void unknownKey() {
        assertThat(problemsOf(prod("{ windows: [ \"18:00-08:00 UTC\" ], override: true }")))
                .isEqualTo(at("apps.shop.stages[1].freeze.override", 18) + "'override' is not a known key here; the known keys are windows, breakGlass");
    }

    @Test
    @DisplayName("breakGlass: none is refused: a way through a freeze needs people to approve it")
    void breakGlassNone() {
        assertThat(problemsOf(prod("{ windows: [ \"18:00-08:00 UTC\" ], breakGlass: none }")))
                .isEqualTo(at("apps.shop.stages[1].freeze.breakGlass", 18)
                        + "a break-glass approval needs people; write it like { required: 2, approvers: [group:sre] }");
    }

    @Test
    @DisplayName("selfApproval in breakGlass is refused: the requester's own vote never counts there")
    void selfApproval() {
        assertThat(problemsOf(prod("{ windows: [ \"18:00-08:00 UTC\" ], breakGlass: { required: 1, approvers: [group:sre], selfApproval: true } }")))
                .isEqualTo(at("apps.shop.stages[1].freeze.breakGlass.selfApproval", 18)
                        + "a break-glass approval never counts the requester's own vote; remove selfApproval");
    }

    @Test
    @DisplayName("A break-glass approver group that is not defined names the groups there are")
    void unknownGroup() {
        assertThat(problemsOf(prod("{ windows: [ \"18:00-08:00 UTC\" ], breakGlass: { required: 1, approvers: [group:ops] } }")))
                .isEqualTo(at("apps.shop.stages[1].freeze.breakGlass.approvers[0]", 18)
                        + "'group:ops' names a group that is not defined; groups are sre");
    }

    @Test
    @DisplayName("A bad window inside the mapping is reported at its place in windows")
    void badWindow() {
        assertThat(problemsOf(prod("{ windows: [ \"sometimes\" ], breakGlass: { required: 1, approvers: [group:sre] } }")))
                .startsWith(at("apps.shop.stages[1].freeze.windows[0]", 18) + "'sometimes' is not a freeze window");
    }
}
