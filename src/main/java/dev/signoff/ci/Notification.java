package dev.signoff.ci;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.ImageRegistry;

import java.util.Locale;

/**
 * What one verified notification says, before it is matched to an app. {@code deliveryId} is the
 * key it is stored under, once.
 */
sealed interface Notification {
    String deliveryId();

    /**
     * A CI run finished. It names the app ({@code app}, the generic source) or the project it
     * built ({@code repository}, matched against {@code apps.<app>.source.repository});
     * {@code image} is the tag, digest or reference the generic source may name.
     */
    record CiRun(String deliveryId, String app, String repository, String commit, String branch, String run, boolean success,
                 String url, String message, String image) implements Notification {
    }

    /**
     * A registry says a tag was pushed: on {@code host}, in {@code repository}, pointing at
     * {@code digest} (null where the registry does not say). {@code userAgent} is the pushing
     * client's, where the registry passes it on.
     */
    record RegistryPush(String deliveryId, String host, String repository, String tag, Digest digest, String userAgent,
                        String url) implements Notification {

        /** Whether Signoff itself pushed it (a promotion's copy): such pushes are never builds. */
        boolean bySignoff() {
            if (userAgent == null) {
                return false;
            }
            String product = userAgent.strip().split("[/ ]", 2)[0];
            return product.toLowerCase(Locale.ROOT).equals(ImageRegistry.USER_AGENT);
        }
    }
}
