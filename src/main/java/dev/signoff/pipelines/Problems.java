package dev.signoff.pipelines;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mistakes found in one pipelines file, reported together in file order. */
final class Problems {
    private record Problem(int line, String text) {
    }

    private final String file;
    private final List<Problem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(String path, int line, String text) {
        String where = path.isEmpty() ? file + " (line " + line + ")" : file + ": " + path + " (line " + line + ")";
        found.add(new Problem(line, where + ": " + text));
    }

    int count() {
        return found.size();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new PipelinesConfigException(found.stream()
                    .sorted(Comparator.comparingInt(Problem::line))
                    .map(Problem::text)
                    .toList());
        }
    }
}
