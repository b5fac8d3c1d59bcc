package io.signalbridge;

import java.time.Clock;

import io.signalbridge.failures.FailuresCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SignalbridgeApplication {

    public static void main(String[] args) {
        if (FailuresCommand.handles(args)) {
            // java -jar signalbridge.jar failures list|replay|discard ...: the ops command line, then exit
            System.exit(FailuresCommand.run(SignalbridgeApplication.class, args, System.out, System.err));
        }
        SpringApplication.run(SignalbridgeApplication.class, args);
    }

    /** The one source of time: waits, decay, windows and the sandbox orgs' timestamps all read it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
