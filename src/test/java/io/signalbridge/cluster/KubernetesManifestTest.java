package io.signalbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.signalbridge.security.AccessMatrix;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.HttpMethod;

/**
 * Issue 19, deployment: docker/kubernetes.yaml as Kubernetes reads it. Two replicas of the Dockerfile's port; the
 * probes are Spring Boot's probe groups, open without sign-in in the access matrix; the environment the pods get binds
 * to the properties it is meant for (relaxed binding drops dashes: a wrong name is silently ignored at run time); and
 * every key the Secret is documented to hold is a variable that application.yaml reads.
 */
class KubernetesManifestTest {

    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    final Map<String, JsonNode> byKind = new HashMap<>();
    JsonNode container;

    @BeforeEach
    void read() throws IOException {
        try (var parser = yaml.getFactory().createParser(Path.of("docker/kubernetes.yaml").toFile())) {
            for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
                byKind.put(document.path("kind").asText(), document);
            }
        }
        container = byKind.get("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void twoReplicasProbedOnTheActuatorsProbeGroupsWhichNeedNoSignIn() {
        JsonNode deployment = byKind.get("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            assertThat(AccessMatrix.ruleFor(HttpMethod.GET, path)).as(probe + " " + path).hasValueSatisfying(rule ->
                    assertThat(rule.access()).isEqualTo(AccessMatrix.Access.PUBLIC));
        }
        assertThat(byKind.get("Service").path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
        assertThat(byKind).containsKey("PodDisruptionBudget");
    }

    @Test
    void thePodsEnvironmentBindsToTheClusterSettings() {
        var environment = new StandardEnvironment();
        var variables = new HashMap<String, Object>();
        for (JsonNode variable : container.path("env")) {
            variables.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText() : "from-" + variable.path("name").asText());
        }
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        var binder = new Binder(ConfigurationPropertySources.get(environment));
        assertThat(binder.bind("signalbridge.cluster.node-id", String.class).orElse(null))
                .as("the pod's name as the node id").isEqualTo("from-SIGNALBRIDGE_CLUSTER_NODEID");
        assertThat(binder.bind("spring.profiles.active", String.class).orElse(null)).isEqualTo("postgres");
    }

    @Test
    void theSecretsDocumentedKeysAreWhatTheServiceReads() throws IOException {
        String manifest = Files.readString(Path.of("docker/kubernetes.yaml"));
        String secretSection = manifest.substring(manifest.indexOf("# Secret \"signalbridge\""), manifest.indexOf("apiVersion:"));
        List<String> keys = new ArrayList<>();
        var key = Pattern.compile("\\b(SPRING|SALESFORCE|MARKETO|OKTA|SIGNALBRIDGE)_[A-Z_]+\\b").matcher(secretSection);
        while (key.find()) {
            keys.add(key.group());
        }
        assertThat(keys).contains("SPRING_DATASOURCE_URL", "SALESFORCE_LOGIN_URL", "MARKETO_CLIENT_SECRET", "OKTA_ISSUER");
        String read = Files.readString(Path.of("src/main/resources/application.yaml")) + Files.readString(Path.of("src/main/resources/application-postgres.yaml"));
        assertThat(keys).allSatisfy(name -> assertThat(read).as(name + " read by application.yaml").contains("${" + name + ":"));
        assertThat(container.path("envFrom").get(0).path("secretRef").path("name").asText()).isEqualTo("signalbridge");
    }
}
