package dev.signoff.promotion;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an app's commits are shown in its forge: an absolute http or https URL with {@code {sha}}
 * where the commit goes, e.g. {@code https://github.com/acme/shop/commit/{sha}}. Validated at
 * construction: any other placeholder, a stray brace, no {@code {sha}}, or a template that does
 * not give an absolute http or https URL is refused with the reason.
 */
public record CommitUrl(String template) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final String SHA = "{sha}";
    private static final String EXAMPLE = "https://github.com/acme/shop/commit/{sha}";
    private static final String HEX = "0123456789ABCDEF";
    private static final String SAMPLE_SHA = "0123456789abcdef0123456789abcdef01234567";

    public CommitUrl {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("a commit URL template is required, like " + EXAMPLE);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group().equals(SHA)) {
                throw new IllegalArgumentException("'" + m.group() + "' in '" + template + "' is not a placeholder; the only one is {sha}");
            }
        }
        String rest = PLACEHOLDER.matcher(template).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            throw new IllegalArgumentException("'" + template + "' has a '{' or '}' that is not part of {sha}");
        }
        if (!template.contains(SHA)) {
            throw new IllegalArgumentException("'" + template + "' has no {sha}, where the commit goes, like " + EXAMPLE);
        }
        checkUrl(template);
    }

    /** The URL of {@code commit}: the whole of it, encoded as a path segment, so no commit text can change the URL's shape. */
    String forCommit(String commit) {
        return template.replace(SHA, pathSegment(commit.strip()));
    }

    private static void checkUrl(String template) {
        String problem = "'" + template + "' is not an absolute http or https URL";
        URI uri;
        try {
            uri = new URI(template.replace(SHA, SAMPLE_SHA));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem + " (" + e.getReason().toLowerCase(Locale.ROOT) + "), like " + EXAMPLE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(problem + ", like " + EXAMPLE);
        }
    }

    /** Percent-encodes every byte but RFC 3986's unreserved characters. */
    private static String pathSegment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }
}
