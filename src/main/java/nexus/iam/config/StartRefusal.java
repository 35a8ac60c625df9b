package nexus.iam.config;

import java.util.List;

/**
 * The service refuses to start because of its configuration: every problem at once, each naming
 * the environment variable to set and what to set it to, never a value. Spring Boot's start-up
 * failure handling turns it into one short block on standard error instead of a stack trace
 * ({@link StartRefusalReporting}).
 */
public class StartRefusal extends RuntimeException {

	private final String heading;

	private final List<String> problems;

	/**
	 * @param heading what was refused, e.g. "Refusing to start in production mode"
	 * @param problems one line each, starting with the environment variable's name
	 */
	public StartRefusal(String heading, List<String> problems) {
		// one line: Spring logs the message of a failed start in a single warning
		super(heading + ": " + String.join("; ", problems), null, false, false);
		this.heading = heading;
		this.problems = List.copyOf(problems);
	}

	public String heading() {
		return this.heading;
	}

	public List<String> problems() {
		return this.problems;
	}

	/** What an operator reads on standard error. */
	public String block() {
		StringBuilder block = new StringBuilder();
		block.append('\n').append(this.heading).append(". ");
		block.append((this.problems.size() == 1) ? "One setting needs" : this.problems.size() + " settings need")
			.append(" attention:\n\n");
		this.problems.forEach((problem) -> block.append("  - ").append(problem).append('\n'));
		block.append("\nEvery setting is described in docs/configuration.md. Nothing was started.\n");
		return block.toString();
	}
}
