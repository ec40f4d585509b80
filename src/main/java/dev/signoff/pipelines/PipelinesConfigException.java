package dev.signoff.pipelines;

import java.util.List;

/**
 * The pipelines file cannot be used. Each problem is one line naming the file, the path inside it,
 * the line and what is wrong; the message is those lines joined.
 */
public class PipelinesConfigException extends RuntimeException {
    private final List<String> problems;

    public PipelinesConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public PipelinesConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public List<String> problems() {
        return problems;
    }
}
