package io.signalbridge.sandbox.marketo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The paging tokens of the sandbox Marketo instance. Like the real ones they are RFC 4648 base32 text that
 * carries its own position, so no server-side state is needed and tokens survive a restart:
 * <ul>
 * <li>activity tokens (date-based): the (activityDate, id) of the last activity already read;</li>
 * <li>record tokens (position-based): the id of the last lead or list already returned.</li>
 * </ul>
 */
public final class MarketoPagingToken {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String ACTIVITY = "A";
    private static final String RECORD = "R";

    /** A position in the stream of all activities ordered by (activityDate, id). */
    public record ActivityPosition(Instant activityDate, long id) {
    }

    private MarketoPagingToken() {
    }

    public static String activity(ActivityPosition position) {
        return encode(ACTIVITY + "," + position.activityDate() + "," + position.id());
    }

    public static String record(long lastId) {
        return encode(RECORD + "," + lastId);
    }

    /** The position the token stands for, or 1001 "Invalid value" when it is not one of our activity tokens. */
    public static ActivityPosition parseActivity(String token) {
        String[] parts = decodeParts(token, ACTIVITY, 3);
        try {
            return new ActivityPosition(Instant.parse(parts[1]), Long.parseLong(parts[2]));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(token);
        }
    }

    public static long parseRecord(String token) {
        String[] parts = decodeParts(token, RECORD, 2);
        try {
            return Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw invalid(token);
        }
    }

    private static String[] decodeParts(String token, String kind, int count) {
        String[] parts = decode(token).split(",");
        if (parts.length != count || !parts[0].equals(kind)) {
            throw invalid(token);
        }
        return parts;
    }

    private static MarketoApiException invalid(String token) {
        return MarketoApiException.invalidValue(token, "nextPageToken");
    }

    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        var out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        while (out.length() % 8 != 0) {
            out.append('=');
        }
        return out.toString();
    }

    static String decode(String token) {
        var out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : token.trim().toCharArray()) {
            if (c == '=') {
                break;
            }
            int value = ALPHABET.indexOf(Character.toUpperCase(c));
            if (value < 0) {
                throw invalid(token);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
