package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signoff.promotion.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Writes test YAML to a temporary pipelines.yaml and loads it the way start-up does. */
abstract class PipelinesFileTestSupport {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("pipelines.yaml");
    }

    PipelineConfig load(String yaml) {
        return PipelinesFile.load(write(yaml));
    }

    /** The message of the exception the YAML must cause. */
    String problemsOf(String yaml) {
        Path file = write(yaml);
        PipelinesConfigException e = catchThrowableOfType(PipelinesConfigException.class, () -> PipelinesFile.load(file));
        assertThat(e).as("loading should fail with a PipelinesConfigException").isNotNull();
        return e.getMessage();
    }

    /** The start of a problem line: "<file>: <path> (line <n>): ". */
    String at(String path, int line) {
        return file() + ": " + path + " (line " + line + "): ";
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(file(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
