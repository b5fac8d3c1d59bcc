package io.signalbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The routes' schedules are in the clustered JDBC job store of the application's database, on each database. */
abstract class ClusteredQuartzContract {

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSchedulesAreInTheClusteredJobStoreOfTheDatabase() throws Exception {
        var scheduler = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
        assertThat(scheduler.getSchedulerName()).isEqualTo(ClusteredQuartz.SCHEDULER_NAME);
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().getJobStoreClass().getName()).isEqualTo("org.quartz.impl.jdbcjobstore.JobStoreTX");
        assertThat(jdbc.queryForList("select trigger_name from qrtz_cron_triggers where sched_name = ? and trigger_group = 'signalbridge'",
                String.class, ClusteredQuartz.SCHEDULER_NAME))
                .contains("salesforce-accounts", "salesforce-activities", "marketo-activities", "scoring", "marketo-six-qa");
        assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state where sched_name = ? and instance_name = ?",
                Long.class, ClusteredQuartz.SCHEDULER_NAME, scheduler.getSchedulerInstanceId())).as("this node checked in").isEqualTo(1);
    }
}
