package dev.signoff.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the pages under docs/ link to each other, to headings, and to files of the
 * repository. Every relative link must name a file that exists, every {@code #anchor} a heading
 * of that file (GitHub's slugs), and every http(s) link must be a well-formed URL (never fetched).
 */
@DisplayName("The documentation's links")
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final int README_MAX_LINES = 200;

    @Test
    @DisplayName("in README.md and docs/*.md name files that exist and headings they have")
    void everyLinkResolves() {
        List<Path> pages = pages(ROOT);
        assertThat(pages).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/README.md"));

        List<String> problems = new ArrayList<>();
        int anchored = 0;
        for (Path page : pages) {
            problems.addAll(new LinkChecker(ROOT).check(page));
            anchored += (int) Markdown.links(LinkChecker.read(page)).stream().filter(l -> l.target().contains("#")).count();
        }
        assertThat(problems).as("broken links").isEmpty();
        assertThat(anchored).as("links to a heading that were checked").isGreaterThan(30);
    }

    @Test
    @DisplayName("keep the README within 200 lines")
    void readmeIsShort() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).as("lines of README.md").hasSizeLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    @DisplayName("list every page of docs/ in its index")
    void indexListsEveryPage() throws IOException {
        Set<String> linked = new LinkedHashSet<>();
        for (Link link : Markdown.links(Files.readString(ROOT.resolve("docs/README.md")))) {
            linked.add(link.target().split("#", 2)[0]);
        }
        List<String> pages = pages(ROOT).stream()
                .filter(p -> p.getParent().equals(ROOT.resolve("docs")) && !p.getFileName().toString().equals("README.md"))
                .map(p -> p.getFileName().toString())
                .toList();
        assertThat(pages).isNotEmpty();
        assertThat(linked).containsAll(pages);
    }

    @Test
    @DisplayName("anchors follow GitHub's slugs: lowercase, punctuation dropped but - and _, spaces to -, repeats numbered")
    void slugs() {
        assertThat(Markdown.anchors("""
                # Signoff
                ## `config/pipelines.yaml`
                ## What was checked, and what was not
                ## 1. Build and push the image
                ## The distribution registry (`registry:2`, Debian's `docker-registry`)
                ## Permissions (RBAC)
                ### Settings
                ### Settings
                ### Settings
                ## Slack → Settings **now**
                ## snake_case and [a link](https://example.com) ##
                ```
                # not a heading: inside a code block
                ```
                Setext heading
                --------------
                """)).containsExactly(
                "signoff", "configpipelinesyaml", "what-was-checked-and-what-was-not", "1-build-and-push-the-image",
                "the-distribution-registry-registry2-debians-docker-registry", "permissions-rbac",
                "settings", "settings-1", "settings-2", "slack--settings-now", "snake_case-and-a-link", "setext-heading");
    }

    @Test
    @DisplayName("are reported when a file, an anchor or a URL is wrong; links in code are not links")
    void brokenLinksAreReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/other.md"), """
                # Other
                ## Settings
                ## Settings
                """);
        Files.writeString(root.resolve("README.md"), """
                # Readme
                [fine](docs/other.md#settings-1) [fine too](#readme) [dir](docs) <https://example.com/x>
                [gone](docs/missing.md) [no such heading](docs/other.md#settings-2)
                [not here](#nowhere) [bad url](https://exa mple.com) [no host](https:///path)
                `[in code](docs/missing.md)` and
                ```
                [in a block](docs/missing.md)
                ```
                [outside the repository](../elsewhere.md) [anchor in a non-markdown file](docs#x)
                """);

        List<String> problems = new LinkChecker(root).check(root.resolve("README.md"));

        assertThat(problems).containsExactlyInAnyOrder(
                "README.md:3: docs/missing.md: no such file",
                "README.md:3: docs/other.md#settings-2: docs/other.md has no heading with the anchor settings-2",
                "README.md:4: #nowhere: README.md has no heading with the anchor nowhere",
                "README.md:4: https://exa mple.com: not a well-formed URL",
                "README.md:4: https:///path: not a well-formed URL (no host)",
                "README.md:9: ../elsewhere.md: outside the repository",
                "README.md:9: docs#x: an anchor in docs, which is not a Markdown file");
    }

    private static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** A link as written: its target, and the line it is on (from 1). */
    record Link(String target, int line) {
    }

    /** Checks the links of one page against the files under a root. */
    static final class LinkChecker {

        private final Path root;
        private final Map<Path, List<String>> anchorsByFile = new HashMap<>();

        LinkChecker(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        List<String> check(Path page) {
            String text = read(page);
            String name = root.relativize(page.toAbsolutePath().normalize()).toString();
            List<String> problems = new ArrayList<>();
            for (Link link : Markdown.links(text)) {
                String problem = problem(page.toAbsolutePath().normalize(), link.target());
                if (problem != null) {
                    problems.add(name + ":" + link.line() + ": " + link.target() + ": " + problem);
                }
            }
            return problems;
        }

        private String problem(Path page, String target) {
            String scheme = scheme(target);
            if (scheme != null) {
                return switch (scheme) {
                    case "http", "https" -> url(target);
                    case "mailto" -> null;
                    default -> "a link with the scheme " + scheme + ":, neither relative nor http(s)";
                };
            }
            String[] parts = target.split("#", 2);
            String path = URLDecoder.decode(parts[0].replace("+", "%2B"), StandardCharsets.UTF_8);
            Path file;
            if (path.isEmpty()) {
                file = page;
            } else {
                file = (path.startsWith("/") ? root.resolve(path.substring(1)) : page.getParent().resolve(path)).normalize();
                if (!file.startsWith(root)) {
                    return "outside the repository";
                }
                if (!Files.exists(file)) {
                    return "no such file";
                }
            }
            if (parts.length < 2) {
                return null;
            }
            String anchor = URLDecoder.decode(parts[1].replace("+", "%2B"), StandardCharsets.UTF_8);
            String fileName = root.relativize(file).toString();
            if (!Files.isRegularFile(file) || !file.toString().endsWith(".md")) {
                return "an anchor in " + fileName + ", which is not a Markdown file";
            }
            if (!anchorsByFile.computeIfAbsent(file, f -> Markdown.anchors(read(f))).contains(anchor)) {
                return fileName + " has no heading with the anchor " + anchor;
            }
            return null;
        }

        private static String scheme(String target) {
            Matcher m = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):").matcher(target);
            return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        }

        private static String url(String target) {
            try {
                URI uri = new URI(target);
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    return "not a well-formed URL (no host)";
                }
                return null;
            } catch (URISyntaxException e) {
                return "not a well-formed URL";
            }
        }

        static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Just enough of GitHub Flavored Markdown to find headings and links. */
    static final class Markdown {

        private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})");
        private static final Pattern ATX = Pattern.compile("^\\s{0,3}(#{1,6})(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");
        private static final Pattern SETEXT = Pattern.compile("^\\s{0,3}(=+|-+)\\s*$");
        private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
        private static final Pattern AUTOLINK = Pattern.compile("<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\\s<>]*)>");
        private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?", Pattern.MULTILINE);

        private Markdown() {
        }

        /** The text with fenced code blocks blanked out, lines kept where they were. */
        static String withoutCodeBlocks(String text) {
            StringBuilder out = new StringBuilder();
            String fence = null;
            for (String line : text.split("\n", -1)) {
                Matcher m = FENCE.matcher(line);
                if (fence == null && m.find()) {
                    fence = m.group(1);
                    out.append('\n');
                } else if (fence != null) {
                    if (m.find() && m.group(1).charAt(0) == fence.charAt(0) && m.group(1).length() >= fence.length()
                            && line.trim().length() == m.group(1).length()) {
                        fence = null;
                    }
                    out.append('\n');
                } else {
                    out.append(line).append('\n');
                }
            }
            return out.substring(0, out.length() - 1);
        }

        /** Inline code spans (which may run over a line break, not over a blank line) blanked out. */
        static String withoutCodeSpans(String text) {
            char[] chars = text.toCharArray();
            int i = 0;
            while (i < chars.length) {
                if (chars[i] != '`') {
                    i++;
                    continue;
                }
                int run = runLength(chars, i);
                int close = -1;
                for (int j = i + run; j < chars.length; j++) {
                    if (chars[j] == '\n' && nextLineIsBlank(text, j)) {
                        break;
                    }
                    if (chars[j] == '`') {
                        int other = runLength(chars, j);
                        if (other == run) {
                            close = j;
                            break;
                        }
                        j += other - 1;
                    }
                }
                if (close < 0) {
                    i += run;
                    continue;
                }
                for (int k = i; k < close + run; k++) {
                    if (chars[k] != '\n') {
                        chars[k] = ' ';
                    }
                }
                i = close + run;
            }
            return new String(chars);
        }

        private static boolean nextLineIsBlank(String text, int newline) {
            int end = text.indexOf('\n', newline + 1);
            return text.substring(newline + 1, end < 0 ? text.length() : end).isBlank();
        }

        private static int runLength(char[] chars, int from) {
            int n = 0;
            while (from + n < chars.length && chars[from + n] == '`') {
                n++;
            }
            return n;
        }

        /** The anchors GitHub gives the headings of a page, in order. */
        static List<String> anchors(String text) {
            List<String> anchors = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            String[] lines = withoutCodeBlocks(text).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String heading = null;
                Matcher atx = ATX.matcher(lines[i]);
                if (atx.matches()) {
                    heading = atx.group(2) == null ? "" : atx.group(2);
                } else if (i > 0 && SETEXT.matcher(lines[i]).matches() && isParagraphLine(lines[i - 1])) {
                    heading = lines[i - 1].trim();
                }
                if (heading != null) {
                    String slug = slug(heading);
                    int count = seen.merge(slug, 1, Integer::sum);
                    anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
                }
                Matcher html = HTML_ANCHOR.matcher(lines[i]);
                while (html.find()) {
                    anchors.add(html.group(1));
                }
            }
            return anchors;
        }

        private static boolean isParagraphLine(String line) {
            String t = line.trim();
            return !t.isEmpty() && !ATX.matcher(line).matches() && !t.startsWith("|") && !t.startsWith(">")
                    && !t.matches("([-*+]|\\d+[.)])(\\s.*)?") && !SETEXT.matcher(line).matches();
        }

        /** GitHub's slug of a heading: its text as rendered, lowercased, punctuation but - and _ dropped, spaces to -. */
        static String slug(String heading) {
            String rendered = heading
                    .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")   // links and images: their text
                    .replaceAll("<[^>]+>", "")                           // inline HTML
                    .replace("`", "")
                    .replaceAll("\\*+", "");
            return rendered.trim().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                    .replace(' ', '-');
        }

        /** Every inline link, image, autolink and reference definition outside code. */
        static List<Link> links(String text) {
            String plain = withoutCodeSpans(withoutCodeBlocks(text));
            List<Link> links = new ArrayList<>();
            for (int i = plain.indexOf("]("); i >= 0; i = plain.indexOf("](", i + 2)) {
                String target = destination(plain, i + 2);
                if (target != null) {
                    links.add(new Link(target, lineOf(plain, i)));
                }
            }
            Matcher auto = AUTOLINK.matcher(plain);
            while (auto.find()) {
                links.add(new Link(auto.group(1), lineOf(plain, auto.start())));
            }
            Matcher ref = REFERENCE.matcher(plain);
            while (ref.find()) {
                links.add(new Link(ref.group(1), lineOf(plain, ref.start())));
            }
            links.sort((a, b) -> Integer.compare(a.line(), b.line()));
            return links;
        }

        /** The destination of an inline link starting at {@code from} (just after "]("): up to the closing ")" or a title. */
        private static String destination(String text, int from) {
            int i = from;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (i < text.length() && text.charAt(i) == '<') {
                int end = text.indexOf('>', i);
                return end < 0 ? null : text.substring(i + 1, end);
            }
            int depth = 0;
            int start = i;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == '\n' || (c == ' ' && (i + 1 >= text.length() || "\"'(".indexOf(text.charAt(i + 1)) >= 0))) {
                    break;
                }
            }
            String target = text.substring(start, Math.min(i, text.length())).trim();
            return target.isEmpty() ? null : target;
        }

        private static int lineOf(String text, int offset) {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
