package nexus.iam.config;

import java.io.PrintStream;
import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * A refused start as people read it: the {@link StartRefusal}'s block on standard error, and in
 * the log one analysed failure that names the settings, instead of "Application run failed" with
 * a stack trace repeated through every bean that depended on the refusing one. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class StartRefusalReporting {

	private StartRefusalReporting() {
	}

	/** Finds the refusal however deep in the bean-creation causes it sits. */
	public static final class Analyzer extends AbstractFailureAnalyzer<StartRefusal> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, StartRefusal cause) {
			String names = cause.problems()
				.stream()
				.map((problem) -> problem.split("[ :(]", 2)[0])
				.distinct()
				.collect(Collectors.joining(", "));
			return new FailureAnalysis(cause.heading() + ": " + names,
					"Set them as listed on standard error (docs/configuration.md), then start again.", cause);
		}
	}

	/** Prints the block; Spring Boot's own reporter logs the analysis besides. */
	public static final class Reporter implements FailureAnalysisReporter {

		private final PrintStream out;

		public Reporter() {
			this(System.err);
		}

		Reporter(PrintStream out) {
			this.out = out;
		}

		@Override
		public void report(FailureAnalysis analysis) {
			if (analysis.getCause() instanceof StartRefusal refusal) {
				this.out.print(refusal.block());
				this.out.flush();
			}
		}
	}
}
