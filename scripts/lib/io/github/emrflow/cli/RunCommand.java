package io.github.emrflow.cli;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;

/**
 * What run.java and runlocal.java check before they run anything, in the same order, so a bad
 * option, key or parameter is the same one line from either script (and from run.java --local
 * before it starts the second launch).
 */
public record RunCommand(Project project, Config config) {
    /** Loads the project and its config with the run's --param values, then checks the table, chart and report options. */
    public static RunCommand checked(ProjectOptions projectOptions, ParameterOptions parameters, TableOptions table, ChartOptions chart,
            ReportOptions report) {
        Project project = projectOptions.project();
        Config config = parameters.apply(project.config());
        table.validate(config.job().outputColumns(), chart, config.job().chartRange());
        report.validate();
        return new RunCommand(project, config);
    }
}
