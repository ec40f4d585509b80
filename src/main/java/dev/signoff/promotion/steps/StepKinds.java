package dev.signoff.promotion.steps;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.Stage;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The step kinds there are, by name. Made at start-up from every {@link StepKind} bean, and
 * refuses to start when two kinds share a name or when a stage's plan names a kind that nobody
 * provides, listing the known ones: a stage must never run part of its plan.
 */
@Component
public class StepKinds {
    private final Map<String, StepKind> byName = new TreeMap<>();

    public StepKinds(List<StepKind> kinds, PipelineConfig config) {
        for (StepKind kind : kinds) {
            StepKind before = byName.putIfAbsent(kind.name(), kind);
            if (before != null) {
                throw new Unregistered("two step kinds are named '" + kind.name() + "': "
                        + before.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
        List<String> problems = new ArrayList<>();
        for (AppConfig app : config.apps().values()) {
            for (Stage stage : app.stages()) {
                for (PromotionKind kind : PromotionKind.values()) {
                    stage.steps(kind).stream().filter(name -> !byName.containsKey(name)).distinct().forEach(name ->
                            problems.add("apps." + app.name() + " stage " + stage.name() + ": step kind '" + name
                                    + "' (in its " + kind.name().toLowerCase() + " plan) is not registered"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new Unregistered(String.join("; ", problems.stream().distinct().toList())
                    + ". Known step kinds: " + String.join(", ", byName.keySet()) + ".");
        }
    }

    /** The step kinds do not cover every stage's plan, or two share a name: Signoff does not start. */
    public static final class Unregistered extends IllegalStateException {
        Unregistered(String message) {
            super(message);
        }
    }

    /** The kind of the given name; the names in stages' plans were checked at start-up. */
    public StepKind get(String name) {
        StepKind kind = byName.get(name);
        if (kind == null) {
            throw new IllegalStateException("step kind '" + name + "' is not registered. Known step kinds: "
                    + String.join(", ", byName.keySet()) + ".");
        }
        return kind;
    }
}
