package io.mezzo.framework.jobs.job;

import static io.mezzo.framework.jobs.job.JobValidator.empty;
import static io.mezzo.framework.jobs.job.JobValidator.fail;

import io.mezzo.framework.jobs.job.JobDefinition.Constraint;
import io.mezzo.framework.jobs.job.JobDefinition.Container;
import io.mezzo.framework.jobs.job.JobDefinition.EnvVar;
import io.mezzo.framework.jobs.job.JobDefinition.Fetch;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@link JobValidator}'s checks of a job's lists and container, each refusal at its path. */
final class JobPartsValidator {
  private JobPartsValidator() {}

  static void environment(List<EnvVar> vars) {
    for (int i = 0; i < vars.size(); i++) {
      if (vars.get(i).name().isEmpty()) {
        throw fail("environmentVariables[" + i + "].name", "must not be empty");
      }
    }
  }

  static void fetch(JobDefinition job) {
    // Chronos refuses the deprecated list next to its replacement rather than guess a merge.
    if (!job.uris().isEmpty() && !job.fetch().isEmpty()) {
      throw fail("uris", "give either uris (deprecated) or fetch, not both");
    }
    for (int i = 0; i < job.uris().size(); i++) {
      if (job.uris().get(i).isBlank()) {
        throw fail("uris[" + i + "]", "must not be empty");
      }
    }
    for (int i = 0; i < job.fetch().size(); i++) {
      Fetch f = job.fetch().get(i);
      if (f.uri().isBlank()) {
        throw fail("fetch[" + i + "].uri", "must not be empty");
      }
      empty("fetch[" + i + "].output_file", f.outputFile(), "leave it out for the URI's name");
    }
  }

  static void constraints(List<Constraint> constraints) {
    for (int i = 0; i < constraints.size(); i++) {
      Constraint c = constraints.get(i);
      String path = "constraints[" + i + "]";
      if (c.attribute().isBlank()) {
        throw fail(path + "[0]", "the attribute must not be empty");
      }
      if (c.operator() != Constraint.Operator.EQUALS) {
        try {
          Pattern.compile(c.value());
        } catch (PatternSyntaxException e) {
          throw fail(
              path + "[2]",
              c.operator()
                  + " takes a regular expression, \""
                  + c.value()
                  + "\" is not one: "
                  + e.getDescription());
        }
      }
    }
  }

  static void container(Container c) {
    if (c.type() == Container.Type.MESOS) {
      // The agent would refuse the task with TASK_ERROR on every attempt: refuse the job up front.
      throw fail(
          "container.type",
          "MESOS needs an image provisioner, which Mezzo's MESOS containerizer does not have"
              + " (see docs/task-fields.md, mesos.image); use DOCKER");
    }
    if (c.image().isBlank()) {
      throw fail("container.image", "required");
    }
    if (c.network() == Container.Network.USER) {
      if (c.networkName().isEmpty()) {
        throw fail("container.networkName", "required with network USER");
      }
      empty("container.networkName", c.networkName(), "name the network to join");
    } else if (c.networkName().isPresent()) {
      throw fail(
          "container.networkName",
          "only network USER joins a named network, this container's network is " + c.network());
    }
    for (int i = 0; i < c.volumes().size(); i++) {
      Container.Volume v = c.volumes().get(i);
      String path = "container.volumes[" + i + "]";
      if (!v.containerPath().startsWith("/")) {
        throw fail(
            path + ".containerPath", "must be an absolute path, got \"" + v.containerPath() + "\"");
      }
      empty(path + ".hostPath", v.hostPath(), "leave it out for a sandbox volume");
    }
    for (int i = 0; i < c.parameters().size(); i++) {
      if (c.parameters().get(i).key().isBlank()) {
        throw fail("container.parameters[" + i + "].key", "must not be empty");
      }
    }
  }
}
