package io.signalbridge.jobs;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;

/** When the Quartz trigger of a scheduled job ({@code quartz:signalbridge/<job>} in routes/) fires next. */
@Component
public class QuartzSchedules {

    private final CamelContext camelContext;

    public QuartzSchedules(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The next fire time, or null when the job has no trigger (its route is not started). */
    public Instant nextFire(String job) {
        try {
            var quartz = camelContext.getComponent("quartz", QuartzComponent.class);
            Trigger trigger = quartz.getScheduler().getTrigger(TriggerKey.triggerKey(job, "signalbridge"));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant).orElse(null);
        } catch (SchedulerException e) {
            return null;
        }
    }
}
