package nexus.iam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and prints each against the baseline measured in the same run, then
 * writes the table to {@code bench/results/<date>-jmh.md}. Argument: a regular expression of
 * benchmarks to run (default: all).
 */
public final class JmhMain {

	private JmhMain() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		String include = (args.length > 0 && !args[0].isBlank()) ? args[0] : "nexus\\.iam\\..*Benchmark.*";
		Options options = new OptionsBuilder().include(include)
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(2))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(2))
			.threads(1)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		double baseline = results.stream()
			.filter((r) -> r.getParams().getBenchmark().endsWith(".baselineParse"))
			.mapToDouble((r) -> r.getPrimaryResult().getScore())
			.findFirst()
			.orElse(Double.NaN);
		StringBuilder table = new StringBuilder();
		table.append("| benchmark | µs/op | ± (99.9%) | × baseline |\n|---|---:|---:|---:|\n");
		for (RunResult result : results) {
			String name = result.getParams().getBenchmark();
			double score = result.getPrimaryResult().getScore();
			table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.1f |%n", name.substring(name.lastIndexOf('.') + 1),
					score, result.getPrimaryResult().getScoreError(), score / baseline));
		}
		String header = String.format(Locale.ROOT, "# JMH, %s%n%nJava %s on %d cores; baseline = baselineParse "
				+ "(parse an access token without checking it).%n%n", LocalDate.now(), System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
		System.out.println();
		System.out.println(header + table);
		Path out = Path.of("bench", "results", LocalDate.now() + "-jmh.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, header + table);
		System.out.println("written to " + out);
	}
}
