package io.github.emrflow.aws;

import io.github.emrflow.job.JobDefinition;

/** The names of everything emrflow deploys, all derived from the configured prefix, and the bucket's layout. */
public record ResourceNames(String prefix) {
    /** The tag that marks a resource as one project's: emrflow only changes or removes what carries it. */
    public static final String PROJECT_TAG = "emrflow:project";
    public static final String JOBS_PREFIX = "jobs/";
    public static final String INPUT_PREFIX = "input/";
    public static final String RUNS_PREFIX = "runs/";
    public static final String LOGS_PREFIX = "logs/";

    public String jobRole() { return prefix + "-emr-job"; }

    public String stateMachineRole() { return prefix + "-sfn"; }

    public String stateMachine() { return prefix + "-workflow"; }

    /** The role EventBridge Scheduler assumes to start this project's state machine (and nothing else). */
    public String schedulerRole() { return prefix + "-scheduler"; }

    public String schedulerRolePolicy() { return prefix + "-scheduler-access"; }

    /** The project's schedule group: every schedule of schedule.java lives in it. */
    public String scheduleGroup() { return prefix; }

    /** The EventBridge rule that turns a failed run into an alert. */
    public String alertRule() { return prefix + "-failed-runs"; }

    /** The topic deploy creates for notify.email. */
    public String alertTopic() { return prefix + "-alerts"; }

    /** The one application of application.mode=shared (a per-run one is PREFIX-RUN_ID). */
    public String sharedApplication() { return prefix + "-shared"; }

    public String jobRolePolicy() { return prefix + "-emr-job-access"; }

    public String stateMachineRolePolicy() { return prefix + "-sfn-access"; }

    /** The CloudWatch Logs group the job's logs go to when logs.cloudwatch is on. */
    public String jobLogGroup() { return "/emrflow/" + prefix + "/jobs"; }

    /** The rendered PySpark script's key: jobs/JOB_NAME.py. */
    public static String jobScriptKey(JobDefinition job) { return JOBS_PREFIX + job.name() + ".py"; }

    /** The job's own Python packages, zipped (--py-files): jobs/JOB_NAME.zip. */
    public static String jobModulesKey(JobDefinition job) { return JOBS_PREFIX + job.name() + ".zip"; }

    /** The uploaded input's key: input/FILE_NAME. */
    public static String inputKey(JobDefinition job) { return INPUT_PREFIX + job.inputFileName(); }
}
