package io.signalbridge.support;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser signs in to the console as a demo user the way a user does: the console sends it to the sandbox identity
 * provider's form (/sandbox/okta/login), the user types name and password, and the OpenID Connect code flow brings
 * it back signed in.
 */
public final class SandboxSignIn {

    public static final String PASSWORD = "sandbox";

    private SandboxSignIn() {
    }

    /** Opens {@code service}/ and signs in as {@code user}; returns when the console shows the user. */
    public static void signIn(WebDriver browser, String service, String user) {
        browser.get(service + "/");
        atTheProvidersForm(browser);
        submit(browser, user, PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "signed in as " + user + "; the page: " + browser.getCurrentUrl()
                        + " " + browser.findElement(By.tagName("body")).getText())
                .until(driver -> driver.findElements(By.id("user")).stream().anyMatch(element -> element.getText().startsWith(user)));
    }

    public static void atTheProvidersForm(WebDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "the sandbox provider's sign-in form; the page: "
                        + browser.getCurrentUrl() + " " + browser.findElement(By.tagName("body")).getText())
                .until(driver -> driver.getCurrentUrl().contains("/sandbox/okta/login") && !driver.findElements(By.id("username")).isEmpty());
    }

    public static void submit(WebDriver browser, String user, String password) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }
}
