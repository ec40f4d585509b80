package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.Stage;

@DisplayName("Supply-chain keys: copyAttachments, gates.signature, attest")
class SupplyChainRulesTest extends PipelinesFileTestSupport {

    @Test
    @DisplayName("are read per registry and per stage, and put their steps in the plan")
    void read() {
        PipelineConfig config = load("""
                registries:
                  sandbox: { host: localhost:5000, insecure: true }
                  mirror: { host: mirror.example.com, copyAttachments: false }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none, copyAttachments: true }
                      - name: prod
                        image: mirror/shop:prod
                        approval: none
                        attest: true
                        gates: { signature: { keys: [file:/etc/signoff/cosign.pub, env:COSIGN_KEY] } }
                """);

        assertThat(config.registries().get("sandbox").copiesAttachments()).isTrue();
        assertThat(config.registries().get("mirror").copiesAttachments()).isFalse();
        Stage dev = config.requireStage("shop", "dev");
        Stage prod = config.requireStage("shop", "prod");
        assertThat(dev.copyAttachments()).isTrue();
        assertThat(prod.copyAttachments()).isNull();
        assertThat(prod.gates().signatureKeys()).containsExactly("file:/etc/signoff/cosign.pub", "env:COSIGN_KEY");
        assertThat(prod.attest()).isTrue();
        assertThat(prod.steps(PromotionKind.PROMOTE)).isEqualTo(List.of("verify signature", "copy", "attest"));
        assertThat(dev.steps(PromotionKind.PROMOTE)).isEqualTo(List.of("copy"));
    }

    @Test
    @DisplayName("a key written inline is refused without repeating it, and a gate without keys is refused")
    void keys() {
        assertThat(problemsOf("""
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - name: dev
                        image: sandbox/shop:dev
                        approval: none
                        gates: { signature: { keys: ["-----BEGIN PUBLIC KEY-----"] } }
                """)).startsWith(at("apps.shop.stages[0].gates.signature.keys[0]", 9))
                .endsWith("a key is named, not written inline: give a key reference, file:/path/to/cosign.pub or env:VARIABLE (holding the PEM)");
        assertThat(problemsOf("""
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none, gates: { signature: { keys: [] } } }
                """)).contains("the signature gate needs at least one key");
    }
}
