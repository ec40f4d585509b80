package dev.signoff.registry;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;

/**
 * A second process for {@link LayoutKillTest}: copies the images tagged {@code v0…v<n-1>} of the
 * layout {@code args[0]}/shop into the layout {@code args[1]}/shop, again and again under new tags,
 * writes {@code args[2]} once the first copy is done, and runs until it is killed.
 */
public final class LayoutWriterApp {
    private LayoutWriterApp() {
    }

    public static void main(String[] args) throws Exception {
        int images = Integer.parseInt(args[3]);
        RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(RegistryConfig.layout("source", args[0]),
                RegistryConfig.layout("target", args[1])), RegistrySettings.defaults());
        for (int round = 0; ; round++) {
            for (int i = 0; i < images; i++) {
                ImageRef from = ImageRef.parse("source/shop:v" + i);
                client.copy(from.withDigest(client.resolve(from)), ImageRef.parse("target/shop:r" + round + "-v" + i), detail -> { });
                if (round == 0 && i == 0) {
                    Files.writeString(Path.of(args[2]), "copied");
                }
            }
        }
    }
}
