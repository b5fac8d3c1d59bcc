package io.signalbridge.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian Chromium driven through Debian's chromedriver (installed by {@code .ci/run}; nothing is
 * downloaded at run time: Selenium Manager is bypassed by naming both binaries). The flags keep Chromium off the
 * network this machine does not have.
 */
public final class Chromium {

    public static final Path BROWSER = Path.of(System.getProperty("signalbridge.chromium", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("signalbridge.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** True when both binaries are installed; tests assume it (see {@code .ci/run}) rather than skip silently. */
    public static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /** A new browser with an empty profile; the caller quits it. */
    public static ChromeDriver start() {
        if (!installed()) {
            throw new IllegalStateException("Chromium is not installed: apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        var options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
