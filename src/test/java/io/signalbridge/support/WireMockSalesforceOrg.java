package io.signalbridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.util.ArrayList;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * A WireMock standing in for a Salesforce org, as camel-salesforce sees it: the OAuth token endpoint (its
 * instance_url is the WireMock), and for job salesforce-activities five Tasks in two query pages (queryAll,
 * then queryMore by nextRecordsUrl), no CampaignMembers and no Events. Stubs at priority 5, so a test lays a
 * fault over them at priority 1 and clears it by removing that.
 */
public final class WireMockSalesforceOrg {

    public static final String QUERY_MORE = "/services/data/v62.0/query/01gTASK-2000";
    public static final Set<String> TASK_IDS = Set.of("00T000000000001AAA", "00T000000000002AAA", "00T000000000003AAA",
            "00T000000000004AAA", "00T000000000005AAA");
    /** The newest SystemModstamp of the tasks: the Task watermark after a complete pull. */
    public static final String NEWEST_MODSTAMP = "2026-11-20T10:00:04";

    private WireMockSalesforceOrg() {
    }

    public static void stub(WireMockServer remote) {
        stubLogin(remote);
        stubQuery(remote, "CampaignMember", okJson("{\"totalSize\":0,\"done\":true,\"records\":[]}"));
        stubQuery(remote, "Event", okJson("{\"totalSize\":0,\"done\":true,\"records\":[]}"));
        stubQuery(remote, "Task", okJson("{\"totalSize\":5,\"done\":false,\"nextRecordsUrl\":\"" + QUERY_MORE + "\",\"records\":["
                + tasks(1, 3) + "]}"));
        remote.stubFor(get(urlPathEqualTo(QUERY_MORE)).atPriority(5)
                .willReturn(okJson(secondPage()).withHeader("Sforce-Limit-Info", "api-usage=13/100000")));
    }

    /** The OAuth token endpoint alone: a login whose instance_url is the WireMock. */
    public static void stubLogin(WireMockServer remote) {
        remote.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(okJson("""
                {"access_token":"00D000000000001!AQ0AQFakeSessionToken","instance_url":"%s",
                 "id":"%s/id/00D000000000001EAA/005000000000001AAA","token_type":"Bearer",
                 "issued_at":"1732350000000","signature":"c2lnbmF0dXJl"}""".formatted(remote.baseUrl(), remote.baseUrl()))));
    }

    public static String secondPage() {
        return "{\"totalSize\":5,\"done\":true,\"records\":[" + tasks(4, 5) + "]}";
    }

    private static void stubQuery(WireMockServer remote, String object, ResponseDefinitionBuilder answer) {
        remote.stubFor(get(urlPathMatching("/services/data/v62.0/queryAll/?")).withQueryParam("q", matching(".* FROM " + object + " .*"))
                .atPriority(5).willReturn(answer.withHeader("Sforce-Limit-Info", "api-usage=12/100000")));
    }

    private static String tasks(int from, int to) {
        var records = new ArrayList<String>();
        for (int i = from; i <= to; i++) {
            String id = "00T00000000000" + i + "AAA";
            records.add("{\"attributes\":{\"type\":\"Task\",\"url\":\"/services/data/v62.0/sobjects/Task/" + id + "\"},\"Id\":\"" + id
                    + "\",\"IsDeleted\":false,\"Subject\":\"Call " + i + "\",\"SystemModstamp\":\"2026-11-20T10:00:0" + (i - 1) + ".000+0000\"}");
        }
        return String.join(",", records);
    }
}
