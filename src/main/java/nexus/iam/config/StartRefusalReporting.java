package nexus.iam.config;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.env.Environment;

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

	/**
	 * A port already taken, named by the setting that moves it (Spring Boot's own analyser names
	 * only the number). Ordered before Spring Boot's, whose analysis would otherwise win.
	 */
	@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
	public static final class PortInUse extends AbstractFailureAnalyzer<PortInUseException> {

		private final Environment environment;

		public PortInUse(Environment environment) {
			this.environment = environment;
		}

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
			String port = Integer.toString(cause.getPort());
			String setting = port.equals(this.environment.getProperty("management.server.port")) ? "NEXUS_MANAGEMENT_PORT"
					: "NEXUS_PORT";
			StartRefusal refusal = new StartRefusal("Refusing to start", List.of(setting + ": port " + port
					+ " is already in use (another Nexus IAM, or another program): stop it, or set " + setting
					+ " to a free port"));
			return new FailureAnalysis(refusal.heading() + ": " + setting, "Set " + setting + " to a free port.", refusal);
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
