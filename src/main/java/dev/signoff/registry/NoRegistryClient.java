package dev.signoff.registry;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

/**
 * Until the OCI distribution client lands, every registry operation fails with a reason that
 * names the registry and the repository, instead of pretending.
 */
@Component
class NoRegistryClient implements ImageRegistry {
    private final PipelineConfig config;

    NoRegistryClient(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public Digest resolve(ImageRef image) {
        throw unavailable(image);
    }

    @Override
    public String copy(ImageRef source, ImageRef target, ProgressListener progress) {
        throw unavailable(source);
    }

    @Override
    public void deleteTag(ImageRef image) {
        throw unavailable(image);
    }

    private StepFailure unavailable(ImageRef image) {
        var registry = config.registries().get(image.registry());
        return new StepFailure("registry " + image.registry() + (registry != null ? " (" + registry.host() + ")" : "")
                + ", repository " + image.repository() + ": this Signoff build has no registry client yet", false);
    }
}
