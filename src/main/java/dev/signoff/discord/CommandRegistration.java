package dev.signoff.discord;

import net.dv8tion.jda.api.utils.data.DataArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Registers {@code /signoff} at start-up with a bulk overwrite, in one server when
 * {@code guild-id} is set (it shows at once) or globally. Overwriting is idempotent: the same
 * definition on every start changes nothing on Discord's side. A failure is logged and the app
 * starts anyway; the commands registered by an earlier start stay.
 */
class CommandRegistration implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(CommandRegistration.class);

    private final DiscordProperties properties;
    private final DiscordRest rest;

    CommandRegistration(DiscordProperties properties, DiscordRest rest) {
        this.properties = properties;
        this.rest = rest;
    }

    static DataArray payload() {
        return DataArray.empty().add(SlashCommands.definition().toData());
    }

    String path() {
        String app = properties.applicationId().strip();
        return properties.hasGuild()
                ? "/applications/" + app + "/guilds/" + properties.guildId().strip() + "/commands"
                : "/applications/" + app + "/commands";
    }

    @Override
    public void run(ApplicationArguments args) {
        String where = properties.hasGuild() ? "in server " + properties.guildId().strip() : "globally";
        try {
            rest.bot("PUT", path(), payload(), "register /" + SlashCommands.NAME + " " + where);
            log.info("registered /{} with {} subcommands {}", SlashCommands.NAME, SlashCommands.VERBS.size(), where);
        } catch (DiscordRest.DiscordException e) {
            log.warn("could not register the Discord commands: {}", e.getMessage());
        }
    }
}
