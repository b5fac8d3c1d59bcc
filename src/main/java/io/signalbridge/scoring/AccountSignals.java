package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One account's signals as parallel arrays (time, kind, person), sorted by time on first read. */
final class AccountSignals {

    static final AccountSignals NONE = new AccountSignals();

    private long[] times = new long[8];
    private int[] kinds = new int[8];
    private int[] persons = new int[8];
    private int size;
    private boolean sorted = true;
    private final Map<String, Integer> personIndex = new HashMap<>();
    private final List<String> personIds = new ArrayList<>();
    private final Set<Key> seen = new HashSet<>();

    private record Key(int kind, long time, int person) {
    }

    /** False when the same kind, time and person was already added. */
    boolean add(int kind, long epochSecond, String personId) {
        int person = personId == null ? -1 : personIndex.computeIfAbsent(personId, id -> {
            personIds.add(id);
            return personIds.size() - 1;
        });
        if (!seen.add(new Key(kind, epochSecond, person))) {
            return false;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
            persons = Arrays.copyOf(persons, size * 2);
        }
        sorted &= size == 0 || times[size - 1] <= epochSecond;
        times[size] = epochSecond;
        kinds[size] = kind;
        persons[size] = person;
        size++;
        return true;
    }

    /** The index {@link #person(int)} gives this person's signals, or -1 without any. */
    int personIndex(String personId) {
        return personIndex.getOrDefault(personId, -1);
    }

    int size() {
        return size;
    }

    long time(int i) {
        sort();
        return times[i];
    }

    int kind(int i) {
        sort();
        return kinds[i];
    }

    int person(int i) {
        sort();
        return persons[i];
    }

    private void sort() {
        if (sorted) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        long[] t = new long[times.length];
        int[] k = new int[kinds.length];
        int[] p = new int[persons.length];
        for (int i = 0; i < size; i++) {
            t[i] = times[order[i]];
            k[i] = kinds[order[i]];
            p[i] = persons[order[i]];
        }
        times = t;
        kinds = k;
        persons = p;
        sorted = true;
    }
}
