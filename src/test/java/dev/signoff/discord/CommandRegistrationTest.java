package dev.signoff.discord;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.signoff.testing.GoldenFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Command registration")
class CommandRegistrationTest extends DiscordAppTest {
    private static final GoldenFiles GOLDEN = GoldenFiles.of("discord").sortingKeys();


    @Test
    @DisplayName("at start-up /signoff is registered in the configured server with a bulk overwrite carrying the bot token")
    void registeredAtStartUp() {
        List<ServeEvent> puts = requests(RequestMethod.PUT, "/applications/" + APP_ID + "/guilds/" + GUILD + "/commands");
        assertThat(puts).hasSize(1); // one context for all Discord tests: one start-up
        assertThat(puts.getFirst().getRequest().getHeader("Authorization")).isEqualTo("Bot " + BOT_TOKEN);
        assertThat(requests(RequestMethod.PUT, "/applications/" + APP_ID + "/commands")).as("no global registration").isEmpty();
        GOLDEN.check("commands", puts.getFirst().getRequest().getBodyAsString());
    }
}
