package io.dpfah.cli;

import io.dpfah.data.DataException;
import io.dpfah.eval.EvalInputException;
import io.dpfah.model.ModelException;
import io.dpfah.results.ResultsReadException;
import io.dpfah.results.RunExistsException;
import io.dpfah.spec.SpecException;
import java.io.UncheckedIOException;

/** Which exceptions are the user's input being wrong (printed as one line) rather than bugs. */
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
        || e instanceof UncheckedIOException;
  }
}
