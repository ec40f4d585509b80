package dev.signoff.promotion;

import java.time.Duration;
import java.util.List;

/** How a deployment rolls out. */
public sealed interface Strategy {

    /** A short name for cards: "rolling", "canary 10% → 50% → 100%", "blue-green". */
    String describe();

    /** Kubernetes' own rolling update of the workload. */
    record Rolling() implements Strategy {
        public String describe() {
            return "rolling";
        }
    }

    /**
     * A canary workload sized to each step's share of the stable replicas; between steps a pause
     * (or, when {@code pause} is null, a Continue button).
     */
    record Canary(List<Integer> steps, Duration pause) implements Strategy {
        public Canary {
            steps = List.copyOf(steps);
        }

        /** The canary workload's name next to the stable one: {@code <name>-canary}. */
        public static String workloadName(String stable) {
            return stable + "-canary";
        }

        public String describe() {
            return "canary " + String.join(" → ", steps.stream().map(s -> s + "%").toList())
                    + (pause != null ? ", " + Durations.format(pause) + " between steps" : ", continue by hand");
        }
    }

    /** Two colours; the Service switches once the new one is ready; the old one scales down after a delay. */
    record BlueGreen(String service, Duration scaleDownAfter) implements Strategy {
        public String describe() {
            return "blue-green";
        }
    }
}
