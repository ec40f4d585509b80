package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stages: images, deploy targets, strategies, approvals, gates and freezes")
class StageRulesTest extends PipelinesFileTestSupport {

    /** People, a group, a registry and a cluster; the stages appended to it start on line 13. */
    private static final String PRELUDE = """
            people:
              alice: {}
              bob: {}
            groups:
              qa: [alice, bob]
            registries:
              sandbox: { host: localhost:5000 }
            clusters:
              dev: {}
            apps:
              shop:
                stages:
            """;

    @Test
    @DisplayName("A stage image in a registry that is not defined names the registries there are")
    void unknownRegistry() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: docker/shop:dev
                        approval: none
                """)).isEqualTo(at("apps.shop.stages[0].image", 14)
                + "'docker/shop:dev' starts with 'docker', which is not a defined registry; registries are sandbox");
    }

    @Test
    @DisplayName("A deploy to a cluster that is not defined names the clusters there are")
    void unknownCluster() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        deploy: { cluster: staging, namespace: shop, workload: deployment/shop }
                        approval: none
                """)).isEqualTo(at("apps.shop.stages[0].deploy.cluster", 15)
                + "'staging' names a cluster that is not defined; clusters are dev");
    }

    @Test
    @DisplayName("An approver group that is not defined names the groups there are")
    void unknownGroup() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: none
                      - name: test
                        image: sandbox/shop:test
                        approval:
                          required: 1
                          approvers: [alice, group:ops]
                """)).isEqualTo(at("apps.shop.stages[1].approval.approvers[1]", 20)
                + "'group:ops' names a group that is not defined; groups are qa");
    }

    @Test
    @DisplayName("An approver who is not a defined person names the people there are")
    void unknownApprover() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: { required: 1, approvers: [zoe] }
                """)).isEqualTo(at("apps.shop.stages[0].approval.approvers[0]", 15)
                + "'zoe' names a person who is not defined; people are alice, bob (write group:<name> for a group)");
    }

    @Test
    @DisplayName("A stage name used twice in one app points at the first one")
    void duplicateStage() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: none
                      - name: dev
                        image: sandbox/shop:test
                        approval: none
                """)).isEqualTo(at("apps.shop.stages[1].name", 16) + "duplicate stage 'dev' (first at line 13)");
    }

    @Test
    @DisplayName("A duration that cannot be read shows how to write one")
    void badDuration() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: { required: 1, approvers: [alice], expiresAfter: 1 day }
                """)).isEqualTo(at("apps.shop.stages[0].approval.expiresAfter", 15)
                + "'1 day' is not a duration; write it like 90s, 30m, 24h, 2d or 1h30m");
    }

    @Test
    @DisplayName("A freeze window that cannot be read passes on the core's reason")
    void badFreezeWindow() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: none
                        freeze:
                          - "Fri 16:00-Mon 08:00 Europe/Berlin"
                          - "Fri 16:00-Mon 08:00 Mars/Olympus"
                """)).isEqualTo(at("apps.shop.stages[0].freeze[1]", 18)
                + "'Fri 16:00-Mon 08:00 Mars/Olympus' is not a freeze window: Unknown time-zone ID: Mars/Olympus");
    }

    @Test
    @DisplayName("An image reference without a tag says how to write it")
    void badImageReference() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop
                        approval: none
                """)).isEqualTo(at("apps.shop.stages[0].image", 14) + "'sandbox/shop' needs a tag, like sandbox/shop:latest");
    }

    @Test
    @DisplayName("A stage image pinned to a digest is refused: stages publish to tags")
    void digestPinnedStageImage() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop@%s
                        approval: none
                """.formatted(digest))).isEqualTo(at("apps.shop.stages[0].image", 14)
                + "'sandbox/shop@" + digest + "' is pinned to a digest; a stage publishes to a tag, like sandbox/shop:dev");
    }

    @Test
    @DisplayName("A workload kind Signoff cannot deploy lists the kinds it can")
    void badWorkloadKind() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        deploy: { cluster: dev, namespace: shop, workload: job/migrate }
                        approval: none
                """)).isEqualTo(at("apps.shop.stages[0].deploy.workload", 15)
                + "'job' is not a workload kind Signoff deploys; the kinds are deployment, statefulset, daemonset");
    }

    @Test
    @DisplayName("Canary steps must be percentages from 1 to 100, going up, ending at 100")
    void badCanarySteps() {
        String stage = PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        deploy:
                          cluster: dev
                          namespace: shop
                          workload: deployment/shop
                          strategy: { canary: { steps: %s } }
                        approval: none
                """;
        String steps = "apps.shop.stages[0].deploy.strategy.canary.steps";

        assertThat(problemsOf(stage.formatted("[10, 50, 50, 100]")))
                .isEqualTo(at(steps + "[2]", 19) + "steps must go up, like [10, 50, 100]; 50 comes after 50");
        assertThat(problemsOf(stage.formatted("[10, 50]")))
                .isEqualTo(at(steps, 19) + "the last step must be 100 (everyone on the new version), like [10, 50, 100]");
        assertThat(problemsOf(stage.formatted("[0, 100]")))
                .isEqualTo(at(steps + "[0]", 19) + "'0' is not a whole number from 1 to 100");
    }

    @Test
    @DisplayName("An unknown strategy lists the known ones")
    void unknownStrategy() {
        String stage = PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        deploy: { cluster: dev, namespace: shop, workload: deployment/shop, strategy: %s }
                        approval: none
                """;

        assertThat(problemsOf(stage.formatted("{ linear: { steps: 3 } }"))).isEqualTo(at("apps.shop.stages[0].deploy.strategy.linear", 15)
                + "'linear' is not a strategy; the strategies are rolling, canary, blueGreen");
        assertThat(problemsOf(stage.formatted("recreate"))).isEqualTo(at("apps.shop.stages[0].deploy.strategy", 15)
                + "'recreate' is not a strategy; the strategies are rolling, canary, blueGreen");
    }

    @Test
    @DisplayName("Requiring more approvals than there are distinct people to give them is refused")
    void requiredExceedsEligibleApprovers() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval:
                          required: 3
                          approvers: [alice, group:qa]
                """)).isEqualTo(at("apps.shop.stages[0].approval.required", 16)
                + "needs 3 approvals but only 2 people can approve: alice, bob");
    }

    @Test
    @DisplayName("A stage without approval says approval is required and how to write it")
    void missingApproval() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                """)).isEqualTo(at("apps.shop.stages[0]", 13)
                + "'approval' is required, like approval: none, or approval: { required: 1, approvers: [group:qa] }");
    }

    @Test
    @DisplayName("A soak gate on an app's first stage is refused: there is nothing before it to soak in")
    void soakOnFirstStage() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: none
                        gates: { ci: passed, soak: 30m }
                """)).isEqualTo(at("apps.shop.stages[0].gates.soak", 16)
                + "the first stage has no stage before it to soak in; put soak on a later stage");
    }

    @Test
    @DisplayName("The only ci gate is passed")
    void ciGateIsPassed() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: none
                        gates: { ci: green }
                """)).isEqualTo(at("apps.shop.stages[0].gates.ci", 16) + "'green' is not a ci gate; the only one is passed");
    }

    @Test
    @DisplayName("Zero required approvals points to approval: none")
    void zeroRequiredApprovals() {
        assertThat(problemsOf(PRELUDE + """
                      - name: dev
                        image: sandbox/shop:dev
                        approval: { required: 0, approvers: [alice] }
                """)).isEqualTo(at("apps.shop.stages[0].approval.required", 15)
                + "needs at least 1 approval; write approval: none when no one needs to approve");
    }

    @Test
    @DisplayName("An app without stages says it needs at least one")
    void appWithoutStages() {
        assertThat(problemsOf(PRELUDE + "    # none yet\n")).startsWith(at("apps.shop.stages", 12) + "needs at least one stage");
    }
}
