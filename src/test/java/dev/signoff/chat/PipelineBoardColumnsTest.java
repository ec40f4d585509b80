package dev.signoff.chat;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Stage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The board's columns")
class PipelineBoardColumnsTest {

    @Test
    @DisplayName("are every app's stages in pipeline order; a stage only some apps have goes before the next stage of its app")
    void merged() {
        List<AppConfig> apps = List.of(app("shop", "dev", "test", "prod"), app("cart", "dev", "staging", "prod"),
                app("edge", "canary", "prod", "dr"));

        assertThat(PipelineBoard.columns(apps)).containsExactly("dev", "test", "staging", "canary", "prod", "dr");
    }

    @Test
    @DisplayName("are one app's stages as they are when the apps share them")
    void shared() {
        assertThat(PipelineBoard.columns(List.of(app("a", "dev", "test"), app("b", "dev", "test")))).containsExactly("dev", "test");
    }

    private static AppConfig app(String name, String... stages) {
        return new AppConfig(name, Map.of(), Arrays.stream(stages).map(s -> new Stage(s, ImageRef.parse("r/" + name + ":" + s), null,
                ApprovalPolicy.none(), Gates.none(), List.of())).toList(), null, null);
    }
}
