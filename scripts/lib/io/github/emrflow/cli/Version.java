package io.github.emrflow.cli;

import picocli.CommandLine.IVersionProvider;

/** `--version` of every script: the engine's version from its jar manifest, so it is written once (the pom). */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"emrflow " + current()};
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
