package io.github.emrflow.config;

import io.github.emrflow.UserError;

/**
 * A deployment environment of one project (dev, prod, ...), chosen with --env NAME. Its settings
 * are emrflow.NAME.properties over emrflow.properties; its resources are named PREFIX-NAME-... and
 * tagged emrflow:environment=NAME, so two environments of a project live side by side in one account.
 * The name is short and plain because it becomes part of every resource name (IAM, S3 and EMR
 * Serverless each allow a different alphabet; this one fits all).
 */
public record Environment(String name) {
    /** The tag every resource of an environment carries; ownership checks compare it too. */
    public static final String TAG = "emrflow:environment";
    public static final String ALLOWED = "1-8 lowercase letters or digits, starting with a letter (e.g. dev, prod, stage2)";

    public Environment {
        if (name == null || !name.matches("[a-z][a-z0-9]{0,7}")) {
            throw UserError.badInput("--env is '" + name + "'; allowed: " + ALLOWED);
        }
    }

    /** emrflow.NAME.properties: the file whose keys override emrflow.properties. */
    public String fileName() {
        return "emrflow." + name + ".properties";
    }
}
