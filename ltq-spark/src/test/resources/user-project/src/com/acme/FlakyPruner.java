package com.acme;

import io.ltq.mask.MaskSet;
import io.ltq.prune.Pruner;
import io.ltq.prune.WeightTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code acme-l1} with LTQ's default rates that fails once, like a bug that strikes at random:
 * the second prune of the first JVM to run it (after the level-1 ticket trained, so that a retry
 * has a finished level to resume from) throws, and leaves the file named by the system property
 * {@code acme.marker} behind, so that every later JVM works. Without the property it never fails.
 */
public final class FlakyPruner implements Pruner {

    private final Pruner pruner = AcmeL1Pruner.builder().build();
    private int calls;

    /** Created by LTQ from {@code --pruner com.acme.FlakyPruner}. */
    public FlakyPruner() {}

    @Override
    public MaskSet prune(List<WeightTensor> weights, MaskSet current) {
        calls++;
        String marker = System.getProperty("acme.marker");
        if (marker != null && calls == 2) {
            try {
                Files.createFile(Path.of(marker));
                throw new IllegalStateException("injected internal failure");
            } catch (FileAlreadyExistsException e) {
                // Failed once already: work from now on.
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pruner.prune(weights, current);
    }
}
