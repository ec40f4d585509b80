package dev.signoff.console;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's Chromium, headless, driven through its chromedriver: what the console's browser tests run in. */
final class Chromium {
    private Chromium() {
    }

    /** A browser whose page area (and so its screenshots) is {@code width} × {@code height}. */
    static WebDriver start(int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("signoff-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(firstExisting("/usr/bin/chromedriver"))).build();
        ChromeDriver browser = new ChromeDriver(service, options);
        // --window-size counts the window's own frame in headless Chromium too: grow it by that much
        List<?> inner = (List<?>) browser.executeScript("return [window.innerWidth, window.innerHeight]");
        Dimension outer = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(outer.getWidth() + width - ((Number) inner.get(0)).intValue(),
                outer.getHeight() + height - ((Number) inner.get(1)).intValue()));
        return browser;
    }

    static void stop(WebDriver browser) {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The window as a PNG, written to {@code target}. */
    static void screenshot(WebDriver browser, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (new File(p).canExecute()) {
                return p;
            }
        }
        throw new IllegalStateException("none of " + String.join(", ", paths) + " is installed; apt-get install chromium chromium-driver");
    }
}
