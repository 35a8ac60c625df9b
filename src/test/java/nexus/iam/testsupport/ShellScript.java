package nexus.iam.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the project's shell scripts (e.g. {@code ops/backup/backup.sh}) or a command in an
 * environment the test controls: the PostgreSQL, restic, B2 and backup variables of the machine
 * are not inherited, so that its own settings cannot leak into the run.
 */
public final class ShellScript {

	private static final List<String> NOT_INHERITED = List.of("PG", "RESTIC_", "B2_", "NEXUS_BACKUP_", "NEXUS_RESTORE_");

	private ShellScript() {
	}

	/** What a run printed (standard output and error, interleaved) and how it ended. */
	public record Result(int exitCode, String output) {
	}

	/** {@code bash script arguments…}. */
	public static Result bash(Path script, Map<String, String> environment, String... arguments) {
		List<String> command = new ArrayList<>(List.of("bash", script.toString()));
		command.addAll(List.of(arguments));
		return run(environment, command);
	}

	/** Any command, e.g. {@code restic snapshots --json}, in the same controlled environment. */
	public static Result run(Map<String, String> environment, List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> NOT_INHERITED.stream().anyMatch(name::startsWith));
		builder.environment().putAll(environment);
		try {
			Path log = Files.createTempFile("nexus-script", ".log");
			builder.redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			Process process = builder.start();
			boolean ended = process.waitFor(2, TimeUnit.MINUTES);
			if (!ended) {
				process.destroyForcibly().waitFor();
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			Files.delete(log);
			if (!ended) {
				throw new AssertionError(command + " did not end:\n" + output);
			}
			System.out.printf("--- %s (exit %d)%n%s", String.join(" ", command), process.exitValue(), output);
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
