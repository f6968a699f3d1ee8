package io.dpfah.cli;

import io.dpfah.bench.BenchInputException;
import io.dpfah.cluster.ClusterException;
import io.dpfah.data.DataException;
import io.dpfah.eval.EvalInputException;
import io.dpfah.method.FixtureCaseException;
import io.dpfah.model.ModelException;
import io.dpfah.results.ResultsReadException;
import io.dpfah.results.RunExistsException;
import io.dpfah.search.SearchException;
import io.dpfah.spec.SpecException;

/**
 * Which exceptions are the user's input being wrong (printed as one line, exit status 2) rather
 * than bugs or I/O failures (see {@link io.dpfah.results.IoFailures}).
 */
final class UserErrors {
  private UserErrors() {}

  static boolean isUserError(Throwable e) {
    return e instanceof SpecException
        || e instanceof DataException
        || e instanceof EvalInputException
        || e instanceof ModelException
        || e instanceof io.dpfah.weights.WeightsException
        || e instanceof ResultsReadException
        || e instanceof RunExistsException
        || e instanceof io.dpfah.train.CheckpointException
        || e instanceof FixtureCaseException
        || e instanceof SearchException
        || e instanceof BenchInputException
        || e instanceof ClusterException;
  }
}
