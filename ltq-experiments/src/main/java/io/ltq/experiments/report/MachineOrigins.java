package io.ltq.experiments.report;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.provenance.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which machine trained which of a run's finished networks, as their summaries record it. A run
 * resumed on another machine holds networks that round differently; the report says so.
 *
 * @param origins one entry per machine, in the order the run's networks first name it
 */
public record MachineOrigins(List<Origin> origins) {

    /**
     * The networks one machine trained.
     *
     * @param machine the machine, or {@code null} for networks whose summaries do not record it
     *     (trained before LTQ recorded provenance)
     * @param networks the networks, as {@link RunRecord#key}s, e.g. {@code 3/reinit}
     */
    public record Origin(Provenance machine, List<String> networks) {

        /** Copies the networks. */
        public Origin {
            networks = List.copyOf(networks);
        }
    }

    /** Copies the origins. */
    public MachineOrigins {
        origins = List.copyOf(origins);
    }

    /**
     * Groups a run's finished networks by the machine that trained them.
     *
     * @param run the run
     * @return the origins
     */
    public static MachineOrigins of(RunRecord run) {
        Map<Provenance, List<String>> by = new LinkedHashMap<>();
        for (LevelSummary s : run.summaries()) {
            by.computeIfAbsent(s.provenance(), m -> new ArrayList<>())
                    .add(RunRecord.key(s.level(), s.variant()));
        }
        List<Origin> out = new ArrayList<>();
        by.forEach((machine, networks) -> out.add(new Origin(machine, networks)));
        return new MachineOrigins(out);
    }

    /**
     * Returns whether the networks come from more than one machine (an unrecorded one counts as
     * one), so that they may round differently.
     *
     * @return {@code true} when mixed
     */
    public boolean mixed() {
        return origins.size() > 1;
    }

    /**
     * Says which networks each machine trained, naming the machines by what tells them apart.
     *
     * @return e.g. {@code 0/ticket, 1/ticket on AMD EPYC 7B13, avx2 (cpu flags), 2 threads,
     *     PyTorch 2.7.1 cpu; 2/ticket on ...}
     */
    public String describe() {
        Set<String> differ = new LinkedHashSet<>();
        for (Origin a : origins) {
            for (Origin b : origins) {
                if (a.machine() != null && b.machine() != null) {
                    differ.addAll(a.machine().differencesFrom(b.machine()));
                }
            }
        }
        List<String> parts = new ArrayList<>();
        for (Origin o : origins) {
            parts.add(String.join(", ", o.networks()) + " on " + (o.machine() == null
                    ? "a machine not recorded" : o.machine().describe(differ)));
        }
        return String.join("; ", parts);
    }
}
