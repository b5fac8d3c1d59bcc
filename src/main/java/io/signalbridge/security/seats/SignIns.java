package io.signalbridge.security.seats;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Each user's last sign-in (table user_sign_in), what the seat audit goes by: the console's single sign-on, a use of
 * an API token, the account view in Salesforce (its token). Written at most once a minute per user.
 */
@Repository
public class SignIns {

    /** How a user signed in last. */
    public enum Via { CONSOLE, API_TOKEN, SALESFORCE_VIEW }

    public record SignIn(String userName, Instant at, Via via) {
    }

    private static final Duration RESOLUTION = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SignIns(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String userName, Via via) {
        if (userName == null || userName.isBlank()) {
            return;
        }
        Instant now = clock.instant();
        String key = userName.toLowerCase(Locale.ROOT);
        int updated = jdbc.update("update user_sign_in set user_name = ?, last_sign_in_at = ?, via = ? where user_name_key = ? and last_sign_in_at < ?",
                userName, Timestamp.from(now), via.name(), key, Timestamp.from(now.minus(RESOLUTION)));
        if (updated == 0 && jdbc.queryForObject("select count(*) from user_sign_in where user_name_key = ?", Integer.class, key) == 0) {
            try {
                jdbc.update("insert into user_sign_in (user_name_key, user_name, last_sign_in_at, via) values (?, ?, ?, ?)", key, userName,
                        Timestamp.from(now), via.name());
            } catch (org.springframework.dao.DuplicateKeyException signedInMeanwhile) {
                // another request of the same user, the same minute
            }
        }
    }

    public Optional<SignIn> last(String userName) {
        return jdbc.query("select user_name, last_sign_in_at, via from user_sign_in where user_name_key = ?", (rs, i) -> new SignIn(
                rs.getString(1), rs.getTimestamp(2).toInstant(), Via.valueOf(rs.getString(3))), userName.toLowerCase(Locale.ROOT)).stream().findFirst();
    }

    /** Every user's last sign-in, by lower-cased user name. */
    public Map<String, SignIn> all() {
        var all = new java.util.HashMap<String, SignIn>();
        jdbc.query("select user_name_key, user_name, last_sign_in_at, via from user_sign_in", rs -> {
            all.put(rs.getString(1), new SignIn(rs.getString(2), rs.getTimestamp(3).toInstant(), Via.valueOf(rs.getString(4))));
        });
        return all;
    }
}
