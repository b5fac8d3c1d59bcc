package io.signalbridge.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.signalbridge.SignalbridgeApplication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Issue 15: without the sandbox and without real credentials the service refuses to start, naming what is missing. */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionSettingsCheckTest {

    static final String[] REAL_ORGS = {
            "camel.component.salesforce.login-url=https://login.salesforce.com",
            "camel.component.salesforce.client-id=consumer-key",
            "camel.component.salesforce.client-secret=consumer-secret",
            "camel.component.salesforce.user-name=integration@example.com",
            "camel.component.salesforce.password=password+token",
            "signalbridge.marketo.base-url=https://123-ABC-456.mktorest.com",
            "signalbridge.marketo.client-id=marketo-id",
            "signalbridge.marketo.client-secret=marketo-secret"};

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(ConnectionSettingsCheck.class);

    @Test
    void nothingConfiguredNamesEverySettingInOneMessage() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).isInstanceOf(MissingConnectionSettingsException.class);
            assertThat(failure.getMessage())
                    .contains("no Salesforce org and Marketo instance are configured, and the sandbox is off")
                    .contains("SALESFORCE_LOGIN_URL (camel.component.salesforce.login-url)")
                    .contains("SALESFORCE_CLIENT_ID (camel.component.salesforce.client-id)")
                    .contains("SALESFORCE_CLIENT_SECRET (camel.component.salesforce.client-secret)")
                    .contains("SALESFORCE_USERNAME and SALESFORCE_PASSWORD")
                    .contains("or SALESFORCE_REFRESH_TOKEN")
                    .contains("MARKETO_BASE_URL (signalbridge.marketo.base-url)")
                    .contains("MARKETO_CLIENT_ID (signalbridge.marketo.client-id)")
                    .contains("MARKETO_CLIENT_SECRET (signalbridge.marketo.client-secret)");
            assertThat(((MissingConnectionSettingsException) failure).missing()).hasSize(7);
        });
    }

    @Test
    void realOrgsStart() {
        runner.withPropertyValues(REAL_ORGS).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aPasswordWithoutUserNamesOnlyTheUserName() {
        runner.withPropertyValues(REAL_ORGS).withPropertyValues("camel.component.salesforce.user-name=").run(context ->
                assertThat(((MissingConnectionSettingsException) context.getStartupFailure()).missing())
                        .singleElement().asString().startsWith("SALESFORCE_USERNAME (camel.component.salesforce.user-name)"));
    }

    @Test
    void aRefreshTokenNeedsNoUserOrPassword() {
        runner.withPropertyValues(REAL_ORGS).withPropertyValues("camel.component.salesforce.user-name=",
                "camel.component.salesforce.password=", "camel.component.salesforce.refresh-token=5Aep861...").run(context ->
                assertThat(context).hasNotFailed());
        runner.withPropertyValues(REAL_ORGS).withPropertyValues("camel.component.salesforce.authentication-type=REFRESH_TOKEN").run(context ->
                assertThat(((MissingConnectionSettingsException) context.getStartupFailure()).missing())
                        .singleElement().asString().startsWith("SALESFORCE_REFRESH_TOKEN"));
    }

    @Test
    void marketoIsRequiredToo() {
        runner.withPropertyValues(REAL_ORGS).withPropertyValues("signalbridge.marketo.base-url=", "signalbridge.marketo.client-secret= ").run(context ->
                assertThat(((MissingConnectionSettingsException) context.getStartupFailure()).missing())
                        .extracting(line -> line.substring(0, line.indexOf(' ')))
                        .containsExactly("MARKETO_BASE_URL", "MARKETO_CLIENT_SECRET"));
    }

    @Test
    void theSandboxSwitchedOnAloneDoesNotConfigureTheConnectors() {
        runner.withPropertyValues("signalbridge.sandbox.enabled=true").run(context ->
                assertThat(context.getStartupFailure()).hasMessageContaining("the sandbox orgs are on (signalbridge.sandbox.enabled=true)"
                        + " but the connectors are not configured"));
    }

    @Test
    void aRealLoginUrlOverriddenByTheConfigurationIsRefused() {
        runner.withPropertyValues(REAL_ORGS).withPropertyValues("SALESFORCE_LOGIN_URL=https://test.salesforce.com").run(context -> {
            var failure = (MissingConnectionSettingsException) context.getStartupFailure();
            assertThat(failure.missing()).isEmpty();
            assertThat(failure.overridden()).containsExactly(
                    "SALESFORCE_LOGIN_URL is https://test.salesforce.com but camel.component.salesforce.login-url is https://login.salesforce.com");
        });
    }

    /** The whole service, as `java -jar` starts it: refused before the database or a route is touched, with Boot's report. */
    @Test
    void theServiceRefusesToStartWithoutTheSandboxProfileOrCredentials(CapturedOutput output, @TempDir Path dir) {
        Path database = dir.resolve("db");
        var application = new SpringApplication(SignalbridgeApplication.class);
        // whatever this machine's environment holds: no Salesforce or Marketo settings
        String[] args = {"--SALESFORCE_LOGIN_URL=", "--SALESFORCE_CLIENT_ID=", "--SALESFORCE_CLIENT_SECRET=", "--SALESFORCE_USERNAME=",
                "--SALESFORCE_PASSWORD=", "--SALESFORCE_REFRESH_TOKEN=", "--MARKETO_BASE_URL=", "--MARKETO_CLIENT_ID=",
                "--MARKETO_CLIENT_SECRET=", "--spring.datasource.url=jdbc:h2:file:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--server.port=0"};

        assertThatThrownBy(() -> application.run(args)).isInstanceOf(MissingConnectionSettingsException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("signalbridge refuses to start: no Salesforce org and Marketo instance are configured")
                .contains("SALESFORCE_LOGIN_URL", "SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET", "SALESFORCE_USERNAME",
                        "SALESFORCE_PASSWORD", "MARKETO_BASE_URL", "MARKETO_CLIENT_ID", "MARKETO_CLIENT_SECRET")
                .contains("--spring.profiles.active=sandbox");
        assertThat(Files.exists(dir.resolve("db.mv.db"))).as("no database was opened").isFalse();
    }
}
