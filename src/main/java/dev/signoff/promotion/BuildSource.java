package dev.signoff.promotion;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an app's images are built, so that a CI notification (which names a commit, not a digest)
 * can be turned into an image: {@code repository} is what the CI calls the project (GitHub
 * {@code owner/repo}, GitLab {@code path_with_namespace}, the Jenkins job name) and
 * {@code tagTemplate} the tag its build pushes to the first stage's repository, with the
 * placeholders {@code {sha}}, {@code {sha7}}, {@code {branch}} and {@code {run}}. Validated at
 * construction: an unknown placeholder, a stray brace or a template that cannot give a valid tag
 * is refused with the reason.
 */
public record BuildSource(String repository, String tagTemplate) {
    public static final List<String> PLACEHOLDERS = List.of("sha", "sha7", "branch", "run");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
    /** Characters a tag cannot hold; a branch such as feature/login becomes feature-login. */
    private static final Pattern NOT_IN_TAG = Pattern.compile("[^A-Za-z0-9_.-]");

    public BuildSource {
        if (repository == null || repository.isBlank()) {
            throw new IllegalArgumentException("a source repository is required, like acme/shop");
        }
        repository = repository.strip();
        checkTemplate(tagTemplate);
    }

    /**
     * Refuses a tag template that names an unknown placeholder, has a brace that opens or closes
     * nothing, or cannot render a valid tag.
     */
    public static void checkTemplate(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("a tag template is required, like sha-{sha7}");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException("'{" + m.group(1) + "}' in '" + template + "' is not a placeholder; the placeholders are "
                        + String.join(", ", PLACEHOLDERS.stream().map(p -> "{" + p + "}").toList()));
            }
        }
        String rest = PLACEHOLDER.matcher(template).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            throw new IllegalArgumentException("'" + template + "' has a '{' or '}' that is not part of a placeholder such as {sha7}");
        }
        String sample = render(template, "0123456789abcdef0123456789abcdef01234567", "main", "42");
        if (!ImageRef.isTag(sample)) {
            throw new IllegalArgumentException("'" + template + "' does not give a valid tag (it renders like '" + sample
                    + "'; a tag has letters, digits, '_', '.' and '-', starts with a letter, digit or '_', at most 128)");
        }
    }

    /** Whether a CI notification about {@code name} is about this source (names compare ignoring case, as GitHub and GitLab do). */
    public boolean isFor(String name) {
        return name != null && repository.equalsIgnoreCase(name.strip());
    }

    /**
     * The tag a build of {@code sha} on {@code branch}, run number {@code run}, pushed. A
     * placeholder whose value the notification does not carry (null) is refused with the reason,
     * and so is a result that is not a valid tag.
     */
    public String tag(String sha, String branch, String run) {
        for (String used : used()) {
            String value = switch (used) {
                case "sha", "sha7" -> sha;
                case "branch" -> branch;
                default -> run;
            };
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the tag template '" + tagTemplate + "' needs {" + used + "}, which the notification does not carry");
            }
        }
        if (sha != null && !SHA.matcher(sha.toLowerCase(Locale.ROOT)).matches() && used().stream().anyMatch(u -> u.startsWith("sha"))) {
            throw new IllegalArgumentException("'" + sha + "' is not a commit sha");
        }
        String tag = render(tagTemplate, sha, branch, run);
        if (!ImageRef.isTag(tag)) {
            throw new IllegalArgumentException("the tag template '" + tagTemplate + "' gives '" + tag + "', which is not a valid tag");
        }
        return tag;
    }

    private List<String> used() {
        return PLACEHOLDER.matcher(tagTemplate).results().map(r -> r.group(1)).distinct().toList();
    }

    private static String render(String template, String sha, String branch, String run) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "sha" -> lower(sha);
                case "sha7" -> sha == null ? "" : lower(sha).substring(0, Math.min(7, sha.length()));
                case "branch" -> branch == null ? "" : NOT_IN_TAG.matcher(branch.strip()).replaceAll("-");
                case "run" -> run == null ? "" : run.strip();
                default -> m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String lower(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
