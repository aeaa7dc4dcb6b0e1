package io.ltq.experiments.cli;

import ai.djl.engine.Engine;
import picocli.CommandLine;

/** Prints LTQ's and DJL's versions for {@code ltq --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String ltq = Ltq.class.getPackage().getImplementationVersion();
        return new String[] {
            "ltq " + (ltq == null ? "(development build)" : ltq),
            "DJL " + Engine.getDjlVersion(),
            "Java " + System.getProperty("java.version")
        };
    }
}
