package io.signalbridge.salesforce;

import java.time.LocalDate;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.salesforce.SalesforceQueries.SalesforceCallException;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Tasks for an account's owner (REST sObject create). Created once: a task of the same subject on the same account and
 * due date is looked for first, so a retry after an answer that never came finds the task the first attempt made.
 */
@Component
public class SalesforceTasks {

    /** A task to create; {@code ownerId} null lets Salesforce assign the integration user. */
    public record NewTask(String accountId, String ownerId, String subject, String description, LocalDate dueDate, String priority) {
    }

    private final ProducerTemplate camel;
    private final SalesforceQueries queries;
    private final ObjectMapper json;
    private final ExternalSystemGuard guard;
    private final String sobjectsPath;

    public SalesforceTasks(ProducerTemplate camel, SalesforceQueries queries, ObjectMapper json, ExternalSystemGuard guard,
                           @Value("${camel.component.salesforce.api-version:62.0}") String apiVersion) {
        this.camel = camel;
        this.queries = queries;
        this.json = json;
        this.guard = guard;
        this.sobjectsPath = "/services/data/v" + apiVersion + "/sobjects/Task";
    }

    /** The task's id, and whether it was created now (false: it was there already). */
    public record Created(String id, boolean created) {
    }

    public Created createOnce(NewTask task) {
        Optional<String> existing = find(task);
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        ObjectNode body = json.createObjectNode().put("WhatId", task.accountId()).put("Subject", task.subject())
                .put("ActivityDate", task.dueDate().toString()).put("Status", "Not Started")
                .put("Priority", task.priority() == null ? "Normal" : task.priority());
        if (task.ownerId() != null) {
            body.put("OwnerId", task.ownerId());
        }
        if (task.description() != null) {
            body.put("Description", task.description());
        }
        Exchange exchange = guard.call(SalesforceQueries.SYSTEM, () -> {
            Exchange answered = camel.request("salesforce:raw?format=JSON", e -> {
                e.getIn().setHeader(SalesforceEndpointConfig.RAW_PATH, sobjectsPath);
                e.getIn().setHeader(SalesforceEndpointConfig.RAW_METHOD, "POST");
                e.getIn().setBody(body.toString());
            });
            if (answered.getException() != null) {
                throw new SalesforceCallException("Task create on account " + task.accountId() + " failed: "
                        + answered.getException().getMessage(), answered.getException());
            }
            return answered;
        });
        JsonNode answer;
        try {
            answer = json.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception malformed) {
            throw new SalesforceCallException("Salesforce answered a Task create with something that is not JSON", malformed);
        }
        if (answer == null || !answer.path("success").asBoolean(false) || !answer.hasNonNull("id")) {
            throw new SalesforceCallException("Salesforce did not create the Task: " + answer, null);
        }
        return new Created(answer.get("id").asText(), true);
    }

    private Optional<String> find(NewTask task) {
        String soql = "SELECT Id FROM Task WHERE WhatId = '" + PullSoql.literal(task.accountId()) + "' AND Subject = '"
                + PullSoql.literal(task.subject()) + "' AND ActivityDate = " + task.dueDate() + " LIMIT 1";
        JsonNode records = queries.queryAll(soql).records();
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(0).path("Id").asText());
    }
}
