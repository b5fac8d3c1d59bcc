package io.signalbridge.sandbox.marketo;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Smart campaigns of the sandbox Marketo instance that the API may request (tables sandbox_mkto_campaign and
 * sandbox_mkto_campaign_request). A requested campaign runs its one flow step: Change Score of its score field
 * by the number in its My Token, leaving a Change Score activity, as the real flow step does. Every request
 * is logged, so tests and ops can see exactly what was asked.
 */
@Component
@ConditionalOnSandbox
public class MarketoCampaigns {

    public record Campaign(long id, String name, String programName, boolean active, String scoreField, String scoreToken) {
    }

    public record Request(long id, long campaignId, long leadId, Map<String, String> tokens, Instant requestedAt) {
    }

    private final JdbcTemplate jdbc;
    private final MarketoStore store;
    private final ObjectMapper json;
    private final Clock clock;

    public MarketoCampaigns(JdbcTemplate jdbc, MarketoStore store, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    public Optional<Campaign> find(long id) {
        return jdbc.query("select id, name, program_name, active, score_field, score_token from sandbox_mkto_campaign where id = ?",
                (rs, i) -> new Campaign(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                        rs.getString(6)), id).stream().findFirst();
    }

    /** Runs the campaign for the leads the instance knows (others are skipped, as Marketo does); the leads it ran for. */
    @Transactional
    public List<Long> request(Campaign campaign, List<Long> leadIds, Map<String, String> tokens) {
        Instant now = clock.instant();
        var ran = new ArrayList<Long>();
        var activities = new ArrayList<MarketoActivity>();
        String tokenText = write(tokens);
        for (MarketoLead lead : store.findLeads(leadIds)) {
            jdbc.update("insert into sandbox_mkto_campaign_request (campaign_id, lead_id, tokens, requested_at) values (?, ?, ?, ?)",
                    campaign.id(), lead.id(), tokenText, Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
            changeScore(campaign, lead, tokens, now).ifPresent(activities::add);
            ran.add(lead.id());
        }
        store.insertActivities(activities);
        return ran;
    }

    public List<Request> requests(long leadId) {
        return jdbc.query("select id, campaign_id, lead_id, tokens, requested_at from sandbox_mkto_campaign_request where lead_id = ? order by id",
                (rs, i) -> new Request(rs.getLong(1), rs.getLong(2), rs.getLong(3), read(rs.getString(4)),
                        rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC)), leadId);
    }

    public void deleteRequests() {
        jdbc.update("delete from sandbox_mkto_campaign_request");
    }

    private Optional<MarketoActivity> changeScore(Campaign campaign, MarketoLead lead, Map<String, String> tokens, Instant now) {
        if (campaign.scoreField() == null || campaign.scoreToken() == null || !tokens.containsKey(campaign.scoreToken())) {
            return Optional.empty();
        }
        int change;
        try {
            change = Integer.parseInt(tokens.get(campaign.scoreToken()).trim().replaceFirst("^\\+", ""));
        } catch (NumberFormatException notANumber) {
            // Marketo's Change Score step ignores a change that is not a number
            return Optional.empty();
        }
        ObjectNode fields = lead.fields() == null ? json.createObjectNode() : lead.fields().deepCopy();
        int before = fields.path(campaign.scoreField()).asInt(0);
        fields.put(campaign.scoreField(), before + change);
        store.updateLead(new MarketoLead(lead.id(), lead.email(), lead.createdAt(), now, fields));
        var field = MarketoLeadFields.byName(campaign.scoreField()).orElseThrow();
        ArrayNode attributes = json.createArrayNode();
        attributes.addObject().put("name", "Change Value").put("value", (change >= 0 ? "+" : "") + change);
        attributes.addObject().put("name", "New Value").put("value", before + change);
        attributes.addObject().put("name", "Old Value").put("value", before);
        attributes.addObject().put("name", "Campaign").put("value", campaign.name());
        return Optional.of(store.newActivity(lead.id(), MarketoActivityTypes.CHANGE_SCORE, (long) field.id(), field.displayName(), attributes, now));
    }

    private String write(Map<String, String> tokens) {
        try {
            return json.writeValueAsString(tokens);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
