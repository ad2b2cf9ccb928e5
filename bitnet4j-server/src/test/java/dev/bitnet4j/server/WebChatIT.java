package dev.bitnet4j.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The web chat page end to end: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver, against a real server (with an API key, so the page's key field is exercised too).
 * Leaves a screenshot in target/screenshots/webchat.png.
 */
class WebChatIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target/screenshots/webchat.png");
    static final String KEY = "page-key";

    static BitNetServer server;
    static Http http;

    @BeforeAll
    static void start() {
        // fail, never skip: a missing browser must not pass as a green build
        for (Path p : new Path[]{CHROMIUM, CHROMEDRIVER}) {
            assertTrue(Files.isExecutable(p), p + " is missing: WebChatIT drives Debian's headless Chromium; "
                    + "install it with 'apt-get install chromium chromium-driver' (.ci/run does so by itself)");
        }
        server = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, KEY, 1, 4096));
        http = new Http(server, KEY);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void phoneWidthChatStreamsWhatTheApiAnswers() throws Exception {
        WebDriver browser = browser(true);
        try {
            browser.get(server.url() + "/");
            assertEquals(375L, js(browser, "return window.innerWidth"));
            // without the key the server's 401 shows in the page, and the message goes back to the input
            send(browser, "Hi <b>there</b>");
            WebElement error = wait(browser).until(d -> d.findElement(By.cssSelector(".msg.error")));
            assertTrue(error.getText().contains("missing API key"), error.getText());
            assertEquals("Hi <b>there</b>", browser.findElement(By.id("input")).getAttribute("value"));

            browser.findElement(By.cssSelector("#settings-panel summary")).click();
            type(browser, "api-key", KEY);
            type(browser, "system", "Be brief.");
            type(browser, "temperature", "0");
            type(browser, "max-tokens", "24");
            browser.findElement(By.id("send")).click();
            wait(browser).until(d -> "done".equals(js(d, "return document.querySelector('.msg.assistant')?.dataset.status")));

            String reply = (String) js(browser, "return document.querySelector('.msg.assistant').textContent");
            String api = Http.ok(http.post("/v1/chat/completions", """
                    {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi <b>there</b>"}],
                     "temperature": 0, "max_tokens": 24}""")).get("choices").get(0).get("message").get("content").asText();
            assertFalse(reply.isEmpty());
            assertEquals(api, reply, "the streamed reply in the page is the API's greedy answer");
            // the user's text is shown as text, not markup
            assertEquals("Hi <b>there</b>", js(browser, "return document.querySelector('.msg.user').textContent"));
            assertTrue((Long) js(browser, "return document.documentElement.scrollWidth") <= 375, "no sideways scrolling on a phone");

            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    @Test
    void desktopStopCancelsTheGeneration() throws Exception {
        long cancelledBefore = Http.ok(http.get("/stats")).get("cancelled").asLong();
        WebDriver browser = browser(false);
        try {
            browser.get(server.url() + "/");
            browser.findElement(By.cssSelector("#settings-panel summary")).click();
            type(browser, "api-key", KEY);
            type(browser, "max-tokens", "4000");
            send(browser, "Tell me a long story.");
            wait(browser).until(d -> !((String) js(d, "return document.querySelector('.msg.assistant')?.textContent ?? ''")).isEmpty());
            assertEquals("streaming", js(browser, "return document.body.dataset.state"), "still generating when Stop is pressed");
            browser.findElement(By.id("stop")).click();

            wait(browser).until(d -> "stopped".equals(js(d, "return document.querySelector('.msg.assistant').dataset.status")));
            assertEquals("idle", js(browser, "return document.body.dataset.state"));
            assertTrue(browser.findElement(By.id("send")).isDisplayed() && !browser.findElement(By.id("stop")).isDisplayed());
            // the aborted fetch made the server cancel the generation
            wait(browser).until(d -> cancelled() == cancelledBefore + 1);
        } finally {
            browser.quit();
        }
    }

    /** A phone's 375x800 viewport (emulated: a window cannot be narrower than 500 pixels), or a desktop window. */
    static WebDriver browser(boolean phone) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        if (phone) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of("width", 375, "height", 800, "pixelRatio", 1.0)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    static WebDriverWait wait(WebDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    static Object js(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    static void type(WebDriver browser, String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Types a message and sends it with Enter, as a user would. */
    static void send(WebDriver browser, String text) {
        type(browser, "input", text);
        browser.findElement(By.id("input")).sendKeys("\n");
    }

    static long cancelled() {
        try {
            return Http.ok(http.get("/stats")).get("cancelled").asLong();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
