package dev.signoff.console;

import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import dev.signoff.promotion.PromotionRequest;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console page in Debian's Chromium, driven through its chromedriver: a person types a
 * promote, another approves on the card, and the card changes in place; an Approve that asks
 * first counts only when the question is accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:console-browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(TestAdapters.class)
@DisplayName("The console in a browser")
class ConsoleBrowserTest {
    static final Digest D1 = Digest.sha256Of("browser 1");
    private static WebDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    @Autowired
    MutableClock clock;
    @Autowired
    Promotions promotions;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Chromium.start(1200, 1400);
    }

    @AfterAll
    static void stopBrowser() {
        Chromium.stop(browser);
    }

    @Test
    @DisplayName("types a promote, approves as another person and sees the card change")
    void promoteAndApprove() throws Exception {
        registry.push("sandbox/shop:2.0.0", D1);
        promotions.recordBuild(new Build("shop", D1, null, "c0ffee1", "main", true, null, "test", clock.instant()));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        browser.get("http://127.0.0.1:" + port + "/console");
        wait.until(d -> new Select(d.findElement(By.id("person"))).getOptions().size() == 5);

        new Select(browser.findElement(By.id("person"))).selectByVisibleText("alice");
        type("/signoff promote shop 2.0.0 to dev");
        wait.until(d -> cardStatus(d, "Promote shop to dev").startsWith("Done"));

        clock.advance(Duration.ofMinutes(31));
        type("/signoff promote shop to test");
        wait.until(d -> cardStatus(d, "Promote shop to test").equals("Waiting for 1 more approval"));

        new Select(browser.findElement(By.id("person"))).selectByVisibleText("carol");
        wait.until(d -> card(d, "Promote shop to test") != null
                && !card(d, "Promote shop to test").findElements(By.cssSelector("button[data-action=approve]")).isEmpty());
        // The card is drawn again as messages arrive: an element found a moment ago may be gone, so look it up and click in one go.
        wait.until(d -> {
            press(card(d, "Promote shop to test").findElement(By.cssSelector("button[data-action=approve]")));
            return true;
        });

        wait.until(d -> cardStatus(d, "Promote shop to test").startsWith("Done"));
        WebElement done = card(browser, "Promote shop to test");
        assertThat(done.getAttribute("class")).contains("success");
        assertThat(done.findElements(By.cssSelector("button"))).isEmpty();
        assertThat(done.getText()).contains("1 of 1 (carol)").contains("✓ verify");
        WebElement commit = done.findElement(By.cssSelector("dd a"));
        assertThat(commit.getText()).isEqualTo("c0ffee1");
        assertThat(commit.getAttribute("href")).isEqualTo("https://github.com/acme/shop/commit/c0ffee1");
        assertThat(commit.getAttribute("rel")).isEqualTo("noopener noreferrer");
        assertThat(commit.getAttribute("target")).isEqualTo("_blank");
        assertThat(browser.findElements(By.cssSelector("[data-card]")).stream()
                .filter(c -> c.findElement(By.tagName("h2")).getText().equals("Promote shop to test")).count()).isEqualTo(1);
        screenshot("console-approved.png");
    }

    @Test
    @DisplayName("rejecting asks for a reason and shows it on the card")
    void rejectWithReason() throws Exception {
        Digest d2 = Digest.sha256Of("browser 2");
        registry.push("enterprise/shop:test", d2);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://127.0.0.1:" + port + "/console");
        wait.until(d -> new Select(d.findElement(By.id("person"))).getOptions().size() == 5);
        new Select(browser.findElement(By.id("person"))).selectByVisibleText("alice");
        type("/signoff promote shop to release");
        new Select(browser.findElement(By.id("person"))).selectByVisibleText("erin");
        wait.until(d -> card(d, "Promote shop to release") != null
                && !card(d, "Promote shop to release").findElements(By.cssSelector("button[data-action=reject]")).isEmpty());
        press(card(browser, "Promote shop to release").findElement(By.cssSelector("button[data-action=reject]")));
        WebElement reason = wait.until(d -> card(d, "Promote shop to release").findElement(By.cssSelector("input.reason")));
        reason.sendKeys("release notes missing");
        press(card(browser, "Promote shop to release").findElement(By.cssSelector("button.confirm-reject")));
        wait.until(d -> cardStatus(d, "Promote shop to release").equals("Rejected by erin: release notes missing"));
        assertThat(card(browser, "Promote shop to release").getAttribute("class")).contains("failure");
    }

    @Test
    @DisplayName("Approve on a stage that confirms asks first: dismissed, no vote; accepted, the vote counts")
    void approveAsksFirst() {
        Digest d3 = Digest.sha256Of("browser 3");
        registry.push("enterprise/shop:release", d3);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        browser.get("http://127.0.0.1:" + port + "/console");
        wait.until(d -> new Select(d.findElement(By.id("person"))).getOptions().size() == 5);
        new Select(browser.findElement(By.id("person"))).selectByVisibleText("alice");
        type("/signoff promote shop to prod");
        wait.until(d -> cardStatus(d, "Promote shop to prod").equals("Waiting for 2 more approvals"));

        new Select(browser.findElement(By.id("person"))).selectByVisibleText("bob");
        approveOnProdCard(wait);
        Alert question = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).isEqualTo("Approve promotion of shop " + d3.shortForm() + " to prod?");
        question.dismiss();

        new Select(browser.findElement(By.id("person"))).selectByVisibleText("erin");
        approveOnProdCard(wait);
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> cardStatus(d, "Promote shop to prod").equals("Waiting for 1 more approval"));

        assertThat(card(browser, "Promote shop to prod").getText()).contains("1 of 2 (erin)");
        PromotionRequest prod = promotions.recent(20).stream()
                .filter(p -> p.toStage().equals("prod") && p.digest().equals(d3)).findFirst().orElseThrow();
        assertThat(prod.approvers()).containsExactly("erin");
    }

    private void approveOnProdCard(WebDriverWait wait) {
        wait.until(d -> card(d, "Promote shop to prod") != null
                && !card(d, "Promote shop to prod").findElements(By.cssSelector("button[data-action=approve]")).isEmpty());
        wait.until(d -> {
            press(card(d, "Promote shop to prod").findElement(By.cssSelector("button[data-action=approve]")));
            return true;
        });
    }

    @Test
    @DisplayName("a field links only to an http or https page, and its text and URL stay text")
    void hostileLinks() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://127.0.0.1:" + port + "/console");
        wait.until(d -> new Select(d.findElement(By.id("person"))).getOptions().size() == 5);
        String messages = """
                [{"id": "hostile-1", "author": "signoff", "text": null, "private": false, "at": "2026-11-18T10:00:00Z",
                  "card": {"title": "Hostile", "tone": "pending", "status": "Waiting", "steps": [], "buttons": [], "footer": "f",
                    "fields": [
                      {"label": "Script", "value": "<b>9f3c</b>", "url": "javascript:alert(1)"},
                      {"label": "Data", "value": "d", "url": "data:text/html,<script>alert(1)</script>"},
                      {"label": "Web", "value": "<i>x</i>", "url": "https://x.example/a\\"><img src=x onerror=alert(1)>"}]}}]
                """;
        // the page's next poll reads this list instead of the server's
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const real = window.fetch;
                window.fetch = (url, options) => String(url).startsWith("/console/api/messages?")
                    ? Promise.resolve(new Response(arguments[0], { headers: { "Content-Type": "application/json" } }))
                    : real(url, options);""", messages);
        WebElement card = wait.until(d -> card(d, "Hostile"));

        List<WebElement> values = card.findElements(By.tagName("dd"));
        assertThat(values.get(0).getText()).isEqualTo("<b>9f3c</b>");
        assertThat(values.get(1).getText()).isEqualTo("d");
        assertThat(values.get(0).findElements(By.tagName("a"))).isEmpty();
        assertThat(values.get(1).findElements(By.tagName("a"))).isEmpty();
        WebElement web = values.get(2).findElement(By.tagName("a"));
        assertThat(web.getText()).isEqualTo("<i>x</i>");
        assertThat(web.getAttribute("href")).isEqualTo("https://x.example/a%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E");
        assertThat(card.findElements(By.cssSelector("b, i, img, script"))).isEmpty();
    }

    /** Scrolls the button into the middle of the window, as a person would, and clicks it. */
    private void press(WebElement button) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
        button.click();
    }

    private void type(String command) {
        WebElement box = browser.findElement(By.id("command"));
        box.sendKeys(command);
        browser.findElement(By.id("send")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> d.findElement(By.id("command")).getAttribute("value").isEmpty());
    }

    private static WebElement card(WebDriver d, String title) {
        WebElement found = null;
        for (WebElement c : d.findElements(By.cssSelector("[data-card]"))) {
            try {
                if (c.findElement(By.tagName("h2")).getText().equals(title)) {
                    found = c;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        }
        return found;
    }

    private static String cardStatus(WebDriver d, String title) {
        try {
            WebElement c = card(d, title);
            return c == null ? "" : c.findElement(By.className("status")).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return "";
        }
    }

    private void screenshot(String name) throws Exception {
        Chromium.screenshot(browser, Path.of("target", name));
    }
}
