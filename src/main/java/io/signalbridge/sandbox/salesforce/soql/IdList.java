package io.signalbridge.sandbox.salesforce.soql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.signalbridge.sandbox.salesforce.SalesforceIds;

/**
 * The ordered ids a query matched, 15 bytes each: a query may match a million records, and a cursor keeps
 * its ids for as long as the client pages through them. The case-safe suffix is recomputed on the way out.
 */
public final class IdList {

    private static final int ID15 = 15;

    private byte[] bytes = new byte[ID15 * 64];
    private int size;

    public void add(String id) {
        if (bytes.length < (size + 1) * ID15) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, (size + 1) * ID15));
        }
        for (int i = 0; i < ID15; i++) {
            bytes[size * ID15 + i] = (byte) id.charAt(i);
        }
        size++;
    }

    public int size() {
        return size;
    }

    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return SalesforceIds.to18(new String(bytes, index * ID15, ID15, StandardCharsets.US_ASCII));
    }

    /** The ids from {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public List<String> slice(int from, int to) {
        var ids = new ArrayList<String>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            ids.add(get(i));
        }
        return ids;
    }

    /** The ids as stored: 15 ASCII bytes each, in order. */
    public byte[] toBytes() {
        return Arrays.copyOf(bytes, size * ID15);
    }

    /** The list {@link #toBytes()} gave. */
    public static IdList fromBytes(byte[] stored) {
        if (stored.length % ID15 != 0) {
            throw new IllegalArgumentException("Not a stored id list: " + stored.length + " bytes");
        }
        var list = new IdList();
        list.bytes = stored.clone();
        list.size = stored.length / ID15;
        return list;
    }

    /** Releases the spare capacity once the list is complete. */
    void trim() {
        bytes = Arrays.copyOf(bytes, size * ID15);
    }
}
