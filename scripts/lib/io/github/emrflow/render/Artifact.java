package io.github.emrflow.render;

/** Every document emrflow deploys, each rendered from templates/FILE.ftl. */
public enum Artifact {
    STATE_MACHINE("state-machine.asl.json"),
    JOB_ROLE_TRUST("job-role-trust.json"),
    JOB_ROLE_POLICY("job-role-policy.json"),
    STATE_MACHINE_ROLE_TRUST("sfn-role-trust.json"),
    STATE_MACHINE_ROLE_POLICY("sfn-role-policy.json"),
    SCHEDULER_ROLE_TRUST("scheduler-role-trust.json"),
    SCHEDULER_ROLE_POLICY("scheduler-role-policy.json"),
    ALERT_RULE("alert-rule.json"),
    ALERT_TOPIC_POLICY("alert-topic-policy.json"),
    BUCKET_POLICY("bucket-policy.json"),
    JOB_SCRIPT("job.py");

    private final String fileName;

    Artifact(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() { return fileName; }

    public String templateName() { return fileName + ".ftl"; }

    public boolean isJson() { return fileName.endsWith(".json"); }
}
