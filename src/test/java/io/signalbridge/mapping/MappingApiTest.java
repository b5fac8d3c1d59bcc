package io.signalbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.support.FreePorts;
import io.signalbridge.support.ShippedMappings;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shipped mappings, validated against the sandbox org's describe through camel-salesforce; edits through
 * the API and the files; versions and rollback. Works on a copy of mappings/ under target/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MappingApiTest {

    static final int PORT = FreePorts.find();
    static final Path DIRECTORY = Path.of("target/mapping-api-test-" + UUID.randomUUID());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("signalbridge.mappings.directory", DIRECTORY::toString);
        registry.add("signalbridge.mappings.load-on-start", () -> true);
        registry.add("signalbridge.mappings.reload-interval", () -> "200ms");
    }

    @BeforeAll
    static void copyShippedMappings() throws IOException {
        ShippedMappings.copy(DIRECTORY, ShippedMappings.SALESFORCE);
    }

    @Autowired
    TestRestTemplate http;

    @Test
    @Order(1)
    void theShippedMappingsAreValidAgainstTheOrgsDescribe() {
        var listed = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> http.withBasicAuth("viewer", "sandbox").getForObject("/api/mappings", JsonNode.class), list -> list.size() == 3);

        assertThat(listed.findValuesAsText("name")).containsExactlyInAnyOrder("salesforce-account", "salesforce-contact", "salesforce-lead");
        assertThat(listed.findValues("version")).allSatisfy(v -> assertThat(v.asInt()).isEqualTo(1));
    }

    @Test
    @Order(2)
    void anInvalidEditIsRefusedWithItsReasonsAndTheActiveVersionStays() throws IOException {
        String bad = current("salesforce-account").replace("target: accountBuyingStage6sense__c", "target: accountBuyingStage__c");

        var refused = put("ops", "salesforce-account", bad);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        JsonNode error = refused.getBody().path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo("salesforce-account.yaml");
        assertThat(error.path("line").asInt()).isEqualTo(10);
        assertThat(error.path("field").asText()).isEqualTo("accountBuyingStage__c");
        assertThat(error.path("reason").asText()).isEqualTo("no field accountBuyingStage__c on Account in the org's describe");
        assertThat(version("salesforce-account")).isEqualTo(1);
        assertThat(Files.readString(DIRECTORY.resolve("salesforce-account.yaml"))).doesNotContain("accountBuyingStage__c");
    }

    @Test
    @Order(3)
    void aValidEditBecomesTheNextVersionWithItsAuthorAndDiffAndIsWrittenToTheFile() throws IOException {
        String edited = current("salesforce-account").replace("""
                  - source: account.profileFit
                    target: accountProfileFit6sense__c
                """, """
                  - source: account.profileFit
                    target: accountProfileFit6sense__c
                    policy: fill-if-blank
                """);

        var viewer = put("viewer", "salesforce-account", edited);
        var dryRun = http.withBasicAuth("viewer", "sandbox").postForObject("/api/mappings/salesforce-account/validate",
                yaml(edited), JsonNode.class);
        var accepted = put("ops", "salesforce-account", edited);

        assertThat(viewer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(dryRun.path("valid").asBoolean()).isTrue();
        assertThat(dryRun.path("diff").asText()).contains("+    policy: fill-if-blank");
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(accepted.getBody().path("version").asInt()).isEqualTo(2);
        assertThat(Files.readString(DIRECTORY.resolve("salesforce-account.yaml"))).isEqualTo(edited);
        JsonNode versions = http.withBasicAuth("viewer", "sandbox").getForObject("/api/mappings/salesforce-account/versions", JsonNode.class);
        assertThat(versions.get(0).path("author").asText()).isEqualTo("ops");
        assertThat(versions.get(0).path("diff").asText()).contains("+    policy: fill-if-blank");
        assertThat(versions.get(1).path("author").asText()).isEqualTo("file");
    }

    @Test
    @Order(4)
    void aRollbackReactivatesAnEarlierVersionAsANewOne() {
        var rolledBack = http.withBasicAuth("admin", "sandbox").postForEntity("/api/mappings/salesforce-account/rollback/1", null, JsonNode.class);

        assertThat(rolledBack.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rolledBack.getBody().path("version").asInt()).isEqualTo(3);
        assertThat(current("salesforce-account")).doesNotContain("policy: fill-if-blank");
    }

    @Test
    @Order(5)
    void aChangedFileIsHotReloadedAndABrokenOneIsNot() throws IOException {
        Path file = DIRECTORY.resolve("salesforce-contact.yaml");
        String original = Files.readString(file);
        Files.writeString(file, original.replace("    target: contactGrade6sense__c\n", "    target: contactGrade6sense__c\n    enabled: false\n"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> version("salesforce-contact") == 2);

        Files.writeString(file, "object: Contact\nfields:\n  - source: contact.grade\n    target: Nope__c\n");
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);

        assertThat(version("salesforce-contact")).isEqualTo(2);
        assertThat(current("salesforce-contact")).contains("enabled: false");
    }

    private ResponseEntity<JsonNode> put(String user, String name, String content) {
        return http.withBasicAuth(user, "sandbox").exchange("/api/mappings/" + name, HttpMethod.PUT, yaml(content), JsonNode.class);
    }

    private static HttpEntity<String> yaml(String content) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.TEXT_PLAIN);
        return new HttpEntity<>(content, headers);
    }

    private String current(String name) {
        return http.withBasicAuth("viewer", "sandbox").getForObject("/api/mappings/" + name, JsonNode.class).path("content").asText();
    }

    private int version(String name) {
        return http.withBasicAuth("viewer", "sandbox").getForObject("/api/mappings/" + name, JsonNode.class).path("version").asInt();
    }
}
