package io.github.emrflow.aws;

/** The names of everything emrflow deploys, all derived from the configured prefix. */
public record ResourceNames(String prefix) {
    public static final String JOB_SCRIPT_KEY = "jobs/salary_job.py";
    public static final String INPUT_KEY = "input/ds_salaries.csv";
    public static final String RUNS_PREFIX = "runs/";
    public static final String LOGS_PREFIX = "logs/";

    public String jobRole() { return prefix + "-emr-job"; }

    public String stateMachineRole() { return prefix + "-sfn"; }

    public String stateMachine() { return prefix + "-workflow"; }

    public String jobRolePolicy() { return prefix + "-emr-job-access"; }

    public String stateMachineRolePolicy() { return prefix + "-sfn-access"; }
}
