package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One account's signals, sorted by time on first read. Each signal is one packed {@code long} (time, kind, person):
 * 8 bytes a signal, which is what lets a full run hold 10,000,000 of them in a small heap. An account whose
 * signals do not fit the packing (a time before 1970, a kind index above 255, 65,534 people or more) is held
 * in parallel arrays instead. Duplicates (same time, kind and person) are dropped and counted when sorting, so no
 * per-signal key is ever held.
 */
final class AccountSignals {

    static final AccountSignals NONE = new AccountSignals();

    // time (39 bits) | kind (8 bits) | person + 1 (16 bits): the natural order of the packed values is by time, kind
    // and person, so one primitive sort orders them and puts duplicates side by side.
    private static final int KIND_SHIFT = 16;
    private static final int TIME_SHIFT = 24;
    private static final long MAX_TIME = 1L << 39;
    private static final int MAX_PERSONS = (1 << 16) - 2;

    /** The signals while they fit the packing; null once the account holds one that does not (then the arrays below). */
    private long[] packed = new long[8];
    private long[] times;
    private int[] kinds;
    private int[] persons;
    private int size;
    private boolean sorted = true;
    private long duplicates;
    private final Map<String, Integer> personIndex = new HashMap<>();
    private final List<String> personIds = new ArrayList<>();

    void add(int kind, long epochSecond, String personId) {
        int person = -1;
        if (personId != null) {
            Integer known = personIndex.get(personId);
            if (known == null) {
                known = personIds.size();
                personIndex.put(personId, known);
                personIds.add(personId);
            }
            person = known;
        }
        if (packed != null && (epochSecond < 0 || epochSecond >= MAX_TIME || kind < 0 || kind > 0xFF || person >= MAX_PERSONS)) {
            unpack();
        }
        if (packed != null) {
            if (size == packed.length) {
                packed = Arrays.copyOf(packed, grown(size));
            }
            long key = epochSecond << TIME_SHIFT | (long) kind << KIND_SHIFT | (person + 1);
            // Equal values go through sort() too, so that duplicates are dropped there.
            sorted &= size == 0 || packed[size - 1] < key;
            packed[size++] = key;
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, grown(size));
            kinds = Arrays.copyOf(kinds, grown(size));
            persons = Arrays.copyOf(persons, grown(size));
        }
        sorted &= size == 0 || times[size - 1] < epochSecond;
        times[size] = epochSecond;
        kinds[size] = kind;
        persons[size] = person;
        size++;
    }

    /** Half as much again: the arrays of all accounts grow at once while a run streams in, so less slack than doubling. */
    private static int grown(int size) {
        return size + (size >> 1) + 1;
    }

    private void unpack() {
        int capacity = Math.max(8, packed.length);
        times = new long[capacity];
        kinds = new int[capacity];
        persons = new int[capacity];
        for (int i = 0; i < size; i++) {
            times[i] = packed[i] >>> TIME_SHIFT;
            kinds[i] = (int) (packed[i] >>> KIND_SHIFT) & 0xFF;
            persons[i] = (int) (packed[i] & 0xFFFF) - 1;
        }
        packed = null;
    }

    /** The index {@link #person(int)} gives this person's signals, or -1 without any. */
    int personIndex(String personId) {
        return personIndex.getOrDefault(personId, -1);
    }

    /** How many different people the signals name (person indexes run from 0 to this, exclusive). */
    int persons() {
        return personIds.size();
    }

    /** Duplicates dropped so far. */
    long duplicates() {
        sort();
        return duplicates;
    }

    int size() {
        sort();
        return size;
    }

    long time(int i) {
        sort();
        return packed != null ? packed[i] >>> TIME_SHIFT : times[i];
    }

    int kind(int i) {
        sort();
        return packed != null ? (int) (packed[i] >>> KIND_SHIFT) & 0xFF : kinds[i];
    }

    int person(int i) {
        sort();
        return packed != null ? (int) (packed[i] & 0xFFFF) - 1 : persons[i];
    }

    private void sort() {
        if (sorted) {
            return;
        }
        if (packed != null) {
            Arrays.sort(packed, 0, size);
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (kept > 0 && packed[i] == packed[kept - 1]) {
                    duplicates++;
                    continue;
                }
                packed[kept++] = packed[i];
            }
            size = kept;
        } else {
            sortBoxed();
        }
        sorted = true;
    }

    private void sortBoxed() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b])
                : kinds[a] != kinds[b] ? Integer.compare(kinds[a], kinds[b]) : Integer.compare(persons[a], persons[b]));
        long[] t = new long[times.length];
        int[] k = new int[kinds.length];
        int[] p = new int[persons.length];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int from = order[i];
            if (kept > 0 && t[kept - 1] == times[from] && k[kept - 1] == kinds[from] && p[kept - 1] == persons[from]) {
                duplicates++;
                continue;
            }
            t[kept] = times[from];
            k[kept] = kinds[from];
            p[kept] = persons[from];
            kept++;
        }
        times = t;
        kinds = k;
        persons = p;
        size = kept;
    }
}
