package dev.signoff.chat;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.BreakGlass;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.StageDeployment;
import dev.signoff.promotion.TestPipelines;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("status: a GitOps stage shows what its repository file names, then what Signoff promoted")
class StatusWordingTest {
    private static final Digest FILE = Digest.sha256Of("shop 1.5.0");
    private static final Digest PROMOTED = Digest.sha256Of("shop 1.4.2");
    private static final String COMMIT = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    private static final AppConfig SHOP = TestPipelines.shop().requireApp("shop");

    private static String status(AppStatus.RepositoryFile file, StageDeployment current) {
        return new StatusWording().status(new AppStatus(SHOP, List.of(
                new AppStatus.StageStatus(SHOP.stages().getFirst(), current, file, null, null, List.of(), List.of()))));
    }

    @Test
    @DisplayName("the digest the file holds, the file and the commit that set it, before the stage tag's digest")
    void pinned() {
        String line = status(new AppStatus.RepositoryFile("envs/prod/kustomization.yaml", "registry.example.com/shop@" + FILE, COMMIT, null),
                new StageDeployment("shop", SHOP.stages().getFirst().name(), PROMOTED, PromotionKind.PROMOTE, "p-1", "alice", TestPipelines.WEDNESDAY));

        assertThat(line).endsWith(": " + FILE.shortForm() + " in envs/prod/kustomization.yaml (commit 1a2b3c4d5e6f) · promoted "
                + PROMOTED.shortForm() + " since 2026-11-18 10:00 UTC (alice)");
    }

    @Test
    @DisplayName("a file that names a tag shows the tag; nothing promoted yet says so")
    void tag() {
        assertThat(status(new AppStatus.RepositoryFile("values.yaml", "shop:1.4.0", COMMIT, null), null))
                .endsWith(": shop:1.4.0 in values.yaml (commit 1a2b3c4d5e6f) · nothing promoted yet");
    }

    @Test
    @DisplayName("a repository that cannot be read is said, with the stage tag's digest still shown")
    void unreadable() {
        String line = status(AppStatus.RepositoryFile.unreadable("envs/prod/kustomization.yaml",
                        "git repository deploy-repo (https://git.example.com/acme/deploy.git), branch main: authentication refused"),
                new StageDeployment("shop", SHOP.stages().getFirst().name(), PROMOTED, PromotionKind.PROMOTE, "p-1", "alice", TestPipelines.WEDNESDAY));

        assertThat(line).endsWith(": repository unreadable: git repository deploy-repo (https://git.example.com/acme/deploy.git), branch main: "
                + "authentication refused · promoted " + PROMOTED.shortForm() + " since 2026-11-18 10:00 UTC (alice)");
    }

    @Test
    @DisplayName("a break-glass promotion, waiting or running, is marked with its reason; an ordinary one is not")
    void breakGlass() {
        ApprovalPolicy two = new ApprovalPolicy(2, List.of("group:release"), false, null);
        PromotionRequest waiting = prod("p-glass-1", new BreakGlass("checkout is down", "Fri 16:00-Mon 08:00 Europe/Berlin"), two);
        PromotionRequest running = prod("p-glass-2", new BreakGlass("payments fail", "Fri 16:00-Mon 08:00 Europe/Berlin"), ApprovalPolicy.none());
        running.start(TestPipelines.WEDNESDAY);
        PromotionRequest ordinary = prod("p-plain", null, ApprovalPolicy.none());
        ordinary.start(TestPipelines.WEDNESDAY);
        var prod = SHOP.stage("prod").orElseThrow();

        String line = new StatusWording().status(new AppStatus(SHOP, List.of(
                new AppStatus.StageStatus(prod, null, null, null, null, List.of(waiting), List.of(running, ordinary)))));

        assertThat(line).isEqualTo("shop:\n• prod: nothing promoted yet · waiting: p-glass-1 (0 of 2), BREAK-GLASS: checkout is down"
                + " · running: p-glass-2, BREAK-GLASS: payments fail");
    }

    private static PromotionRequest prod(String id, BreakGlass glass, ApprovalPolicy policy) {
        return PromotionRequest.open(new PromotionRequest.Draft(id, PromotionKind.PROMOTE, "shop", "release", "prod",
                ImageRef.parse("enterprise/shop:release"), ImageRef.parse("enterprise/shop:prod"), PROMOTED, null, "alice", null, glass),
                policy, TestPipelines.WEDNESDAY);
    }
}
