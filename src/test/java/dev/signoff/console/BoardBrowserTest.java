package dev.signoff.console;

import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline board in Debian's Chromium, at 1280×800, with twelve apps of five stages
 * (src/test/resources/board/pipelines.yaml) in every state a cell can show, and a release of two of them. Run with
 * {@code -Dscreenshot.update=true} to write the screenshot to docs/board.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:board-browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/board/pipelines.yaml"})
@Import(TestAdapters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The pipeline board in a browser")
class BoardBrowserTest {
    static final List<String> APPS = List.of("shop", "cart", "checkout", "search", "payments", "accounts", "catalog",
            "inventory", "shipping", "reviews", "notify", "gateway");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebDriver browser;
    private String paused;

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    @Autowired
    FakeDeployer deployer;
    @Autowired
    MutableClock clock;
    @Autowired
    Promotions promotions;

    @BeforeAll
    void startBrowserAndFillTheBoard() throws Exception {
        browser = Chromium.start(1280, 800);
        for (int i = 0; i < APPS.size() - 1; i++) {
            build(APPS.get(i), "1." + i + ".0");
            clock.advance(Duration.ofMinutes(7));
        }
        clock.advance(Duration.ofMinutes(40));
        for (String app : List.of("shop", "cart", "checkout", "search", "payments", "accounts", "catalog", "inventory", "notify")) {
            promote(app, "test", "carol");
        }
        clock.advance(Duration.ofMinutes(55));
        for (String app : List.of("shop", "cart", "checkout", "search", "payments", "inventory")) {
            promote(app, "staging", "dave");
        }
        clock.advance(Duration.ofMinutes(20));
        for (String app : List.of("shop", "cart", "search", "payments")) {
            promote(app, "release", "erin");
        }
        clock.advance(Duration.ofMinutes(15));
        promote("shop", "prod", "bob", "erin");

        // a newer build in dev, on its way to test; cards waiting; a lock; a rollout paused half-way
        build("catalog", "1.6.1");
        promotions.promote("alice", "catalog", null, "test");
        promotions.promote("alice", "checkout", null, "release");
        PromotionRequest cart = promotions.promote("alice", "cart", null, "prod");
        promotions.approve("bob", cart.id(), null);
        promotions.promote("alice", "shipping", null, "test");
        promotions.lock("bob", "accounts", "staging", "incident 4711");
        promotions.promote("alice", "payments", null, "prod", "card payments fail, fix #90");
        deployer.pauseAt = "10% of the pods run the new image: continue?";
        PromotionRequest search = promotions.promote("alice", "search", null, "prod");
        promotions.approve("bob", search.id(), null);
        promotions.approve("erin", search.id(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> stage("search", "prod").underway().stream().anyMatch(PromotionRequest::isPaused));
        deployer.pauseAt = null;
        paused = search.id();
    }

    @AfterAll
    void stopBrowserAndFinishTheRollout() {
        Chromium.stop(browser);
        if (paused != null) {
            promotions.resume("bob", paused, true); // so that shutting down does not wait for it
        }
    }

    @Test
    @Order(1)
    @DisplayName("fills every cell from the board's JSON (a break-glass card marked with its reason), and fits twelve apps of five stages in 1280×800")
    void cellsFromTheApi() throws Exception {
        open();
        JsonNode board = getJson("/console/api/board");
        assertThat(headers()).containsExactly("app", "dev", "test", "staging", "release", "prod");
        for (JsonNode row : board.get("apps")) {
            String app = row.get("app").asString();
            for (String stage : List.of("dev", "test", "staging", "release", "prod")) {
                JsonNode current = row.get("cells").get(stage).get("current");
                String text = cell(app, stage).getText();
                if (current.isNull()) {
                    assertThat(text).as(app + " " + stage).contains("nothing promoted yet");
                } else {
                    assertThat(text).as(app + " " + stage).contains(current.get("shortDigest").asString().substring("sha256:".length()))
                            .contains(current.get("tag").asString());
                }
            }
        }
        assertThat(cell("shop", "prod").getText()).contains("1.0.0").contains("approved by bob, erin");
        assertThat(cell("catalog", "test").findElement(By.className("waiting")).getText()).contains("1.6.1").contains("0 of 1");
        assertThat(cell("cart", "prod").findElement(By.className("waiting")).getText()).contains("1 of 2 (bob)").contains("by alice");
        assertThat(cell("accounts", "staging").findElement(By.cssSelector(".badge.lock")).getText()).isEqualTo("locked by bob: incident 4711");
        assertThat(cell("payments", "prod").findElement(By.cssSelector(".badge.freeze")).getText()).contains("frozen until 2026-11-20 08:00 UTC");
        assertThat(cell("payments", "prod").findElement(By.cssSelector(".waiting .glass")).getText())
                .isEqualTo("BREAK-GLASS: card payments fail, fix #90");
        assertThat(cell("search", "prod").findElement(By.className("underway")).getText())
                .contains("paused in deploy 2/3").contains("10% of the pods");
        assertThat(cell("gateway", "dev").getText()).isEqualTo("nothing promoted yet");

        assertThat(((JavascriptExecutor) browser).executeScript("return window.innerWidth + 'x' + window.innerHeight"))
                .isEqualTo("1280x800");
        WebElement table = browser.findElement(By.id("board"));
        long viewport = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
        assertThat(table.getSize().getWidth()).as("no horizontal scrolling").isLessThanOrEqualTo((int) viewport);
        Path target = Boolean.getBoolean("screenshot.update") ? Path.of("docs", "board.png") : Path.of("target", "board.png");
        Chromium.screenshot(browser, target);
    }

    @Test
    @Order(2)
    @DisplayName("an approval clicked on the board changes the cell and the card in the chat")
    void approveOnTheBoard() throws Exception {
        open();
        new Select(browser.findElement(By.id("person"))).selectByVisibleText("carol");
        String messageId = getJson("/console/api/board").get("apps").get(APPS.indexOf("shipping"))
                .get("cells").get("test").get("waiting").get(0).get("messageId").asString();
        press(cell("shipping", "test").findElement(By.cssSelector(".waiting button[data-action=approve]")));

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> text(d, "shipping", "test").contains("approved by carol") && waitingIn(d, "shipping", "test") == 0);
        assertThat(browser.findElement(By.id("notice")).getText()).startsWith("You approved promotion");
        await().atMost(Duration.ofSeconds(30)).until(() -> card("shipping", messageId),
                c -> c.get("card").get("status").asString().startsWith("Done") && c.get("card").get("buttons").isEmpty());
    }

    @Test
    @Order(3)
    @DisplayName("a refused click is answered on the board, and the card stays waiting")
    void refusedClick() throws Exception {
        open();
        new Select(browser.findElement(By.id("person"))).selectByVisibleText("alice");
        press(cell("catalog", "test").findElement(By.cssSelector(".waiting button[data-action=approve]")));

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("notice")).getText().contains("not an approver"));
        assertThat(cell("catalog", "test").findElements(By.className("waiting"))).hasSize(1);
    }

    @Test
    @Order(4)
    @DisplayName("a change made elsewhere shows up live, without reloading the page")
    void liveUpdate() throws Exception {
        open();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.boardMarker = 'still the same page'");

        post("/console/api/messages", "{\"user\":\"bob\",\"channel\":\"reviews\",\"text\":\"/signoff lock reviews prod load test\"}");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> text(d, "reviews", "prod").contains("locked by bob: load test"));

        promotions.promote("alice", "reviews", null, "test");
        wait.until(d -> waitingIn(d, "reviews", "test") == 1);
        assertThat(js.executeScript("return window.boardMarker")).isEqualTo("still the same page");
        assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live");
    }

    @Test
    @Order(5)
    @DisplayName("a release has a row of its own: its apps with their digests and states, and its card's buttons, which vote for the whole release")
    void releaseRow() throws Exception {
        open();
        post("/console/api/messages", "{\"user\":\"alice\",\"channel\":\"backoffice\",\"text\":\"/signoff promote backoffice to staging\"}");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> release(d).contains("pending approval"));
        JsonNode json = getJson("/console/api/board").get("releases").get(0);
        assertThat(json.get("release").asString()).isEqualTo("backoffice");
        assertThat(json.get("stage").asString()).isEqualTo("staging");
        assertThat(json.get("members").findValuesAsString("app")).containsExactly("catalog", "notify");
        assertThat(json.get("buttons").findValuesAsString("actionId")).containsExactly("approve", "reject");
        WebElement row = browser.findElement(By.cssSelector("tr[data-release='backoffice'] td[data-stage='staging']"));
        for (JsonNode member : json.get("members")) {
            assertThat(row.findElement(By.cssSelector(".member[data-app='" + member.get("app").asString() + "']")).getText())
                    .contains(member.get("shortDigest").asString().substring("sha256:".length())).contains("pending approval");
        }

        new Select(browser.findElement(By.id("person"))).selectByVisibleText("carol");
        press(row.findElement(By.cssSelector("button[data-action=approve]")));

        wait.until(d -> release(d).startsWith("succeeded"));
        assertThat(browser.findElements(By.cssSelector("tr[data-release='backoffice'] .member")))
                .extracting(WebElement::getText).allSatisfy(t -> assertThat(t).endsWith("succeeded"));
        assertThat(browser.findElements(By.cssSelector("tr[data-release='backoffice'] button"))).isEmpty();
        wait.until(d -> text(d, "catalog", "staging").contains("approved by carol") && text(d, "notify", "staging").contains("approved by carol"));
    }

    private static String release(WebDriver d) {
        try {
            return d.findElement(By.cssSelector("tr[data-release='backoffice'] td[data-stage='staging']")).getText();
        } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return "";
        }
    }

    /** A build of {@code app} pushed as {@code tag} and promoted into dev, which needs no approval. */
    private void build(String app, String tag) {
        registry.push("sandbox/" + app + ":" + tag, Digest.sha256Of(app + " " + tag));
        PromotionRequest p = promotions.promote("alice", app, tag, "dev");
        awaitIn(app, "dev", p);
    }

    private void promote(String app, String stage, String... approvers) {
        PromotionRequest p = promotions.promote("alice", app, null, stage);
        for (String approver : approvers) {
            promotions.approve(approver, p.id(), null);
        }
        awaitIn(app, stage, p);
    }

    private void awaitIn(String app, String stage, PromotionRequest p) {
        await().atMost(Duration.ofSeconds(30)).until(() -> stage(app, stage).current(),
                current -> current != null && current.promotionId().equals(p.id()));
    }

    private AppStatus.StageStatus stage(String app, String stage) {
        return promotions.status(app).stages().stream().filter(s -> s.stage().name().equals(stage)).findFirst().orElseThrow();
    }

    private void open() {
        browser.get("http://127.0.0.1:" + port + "/console/board");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                d.findElements(By.cssSelector("#apps tr")).size() == APPS.size() && d.findElement(By.id("live")).getText().equals("live"));
    }

    private List<String> headers() {
        return browser.findElements(By.cssSelector("#stages th")).stream().map(WebElement::getText).map(String::toLowerCase).toList();
    }

    private WebElement cell(String app, String stage) {
        return browser.findElement(By.cssSelector("tr[data-app='" + app + "'] td[data-stage='" + stage + "']"));
    }

    private static String text(WebDriver d, String app, String stage) {
        try {
            return d.findElement(By.cssSelector("tr[data-app='" + app + "'] td[data-stage='" + stage + "']")).getText();
        } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return "";
        }
    }

    private static int waitingIn(WebDriver d, String app, String stage) {
        try {
            return d.findElements(By.cssSelector("tr[data-app='" + app + "'] td[data-stage='" + stage + "'] .waiting")).size();
        } catch (StaleElementReferenceException e) {
            return -1;
        }
    }

    /** Scrolls the button into the middle of the window, as a person would, and clicks it. */
    private void press(WebElement button) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
        button.click();
    }

    private JsonNode card(String channel, String messageId) throws Exception {
        for (JsonNode m : getJson("/console/api/messages?channel=" + channel)) {
            if (m.get("id").asString().equals(messageId)) {
                return m;
            }
        }
        throw new AssertionError("no message " + messageId);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
