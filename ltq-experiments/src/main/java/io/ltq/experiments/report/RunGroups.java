package io.ltq.experiments.report;

import io.ltq.experiments.lottery.LotteryConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sorts runs into {@link RunGroup}s: runs whose settings differ only in their seeds (or in how
 * many levels they were asked for) are repeats of one configuration; any other difference makes
 * a comparison, and each group is labelled by the settings that set it apart, such as {@code
 * MXNet} next to {@code PyTorch}.
 */
public final class RunGroups {

    /** Settings that do not make a different configuration. */
    private static final Set<String> REPEAT_SETTINGS =
            Set.of("levels", "initSeed", "dataSeed", "splitSeed");

    /** Settings whose value names itself in a label ({@code MXNet}, not {@code engine=MXNet}). */
    private static final Set<String> SELF_NAMED = Set.of("model", "dataset", "engine", "device",
            "optimizer");

    /**
     * Settings that a chart already shows as series (each control its own line), named in a
     * label only where the groups would otherwise read the same.
     */
    private static final Set<String> SHOWN_AS_SERIES = Set.of("controls");

    private RunGroups() {}

    /**
     * Groups runs by configuration, in the order the runs come.
     *
     * @param runs the runs
     * @return the groups, labelled when there is more than one
     */
    public static List<RunGroup> of(List<RunRecord> runs) {
        Map<Map<String, Object>, List<RunRecord>> byKey = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            byKey.computeIfAbsent(key(r.config()), k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> keys = new ArrayList<>(byKey.keySet());
        List<RunGroup> out = new ArrayList<>();
        List<String> labels = keys.stream().map(k -> label(k, keys, SHOWN_AS_SERIES)).toList();
        if (labels.stream().distinct().count() < labels.size()) {
            labels = keys.stream().map(k -> label(k, keys, Set.of())).toList();
        }
        for (int i = 0; i < keys.size(); i++) {
            out.add(new RunGroup(keys.size() == 1 ? "" : labels.get(i), byKey.get(keys.get(i))));
        }
        return out;
    }

    private static Map<String, Object> key(LotteryConfig config) {
        Map<String, Object> key = new LinkedHashMap<>(config.settings());
        key.keySet().removeAll(REPEAT_SETTINGS);
        return key;
    }

    // Names only the settings that vary between groups, in the settings' order.
    private static String label(Map<String, Object> key, List<Map<String, Object>> all,
            Set<String> leftOut) {
        List<String> parts = new ArrayList<>();
        key.forEach((name, value) -> {
            boolean varies = !leftOut.contains(name)
                    && all.stream().anyMatch(k -> !Objects.equals(k.get(name), value));
            if (varies) {
                parts.add(SELF_NAMED.contains(name) ? String.valueOf(value) : name + "=" + value);
            }
        });
        return String.join(", ", parts);
    }
}
