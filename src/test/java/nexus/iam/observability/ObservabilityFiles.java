package nexus.iam.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed observability stack under {@code ops/observability}, read as the tests need it:
 * every query of every dashboard panel, template variable and alert rule, with where it comes
 * from for the failure messages.
 */
final class ObservabilityFiles {

	static final Path ROOT = Path.of("ops", "observability");

	static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");

	static final Path ALERTS = ROOT.resolve("alerts");

	static final Path SCRAPE_CONFIG = ROOT.resolve("victoriametrics/scrape.yml");

	static final Path DOCUMENTATION = Path.of("docs", "observability.md");

	static final String METRICS_DATASOURCE = "victoriametrics";

	static final String LOGS_DATASOURCE = "victorialogs";

	/** What Grafana puts for its built-in variables when the tests run a query: a range of 5 minutes. */
	private static final Map<String, String> BUILT_IN_VARIABLES = Map.of("__rate_interval", "1m", "__interval", "15s",
			"__range", "5m");

	private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)\\}|([A-Za-z0-9_]+))");

	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$",
			Pattern.DOTALL);

	private static final Pattern CODE_BLOCK = Pattern.compile("^```(promql|logsql)\\n(.*?)^```$",
			Pattern.DOTALL | Pattern.MULTILINE);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ObservabilityFiles() {
	}

	enum Language {

		PROMQL, LOGSQL
	}

	/**
	 * One query: {@code where} names it for a person ({@code Nexus IAM / Overview, panel "Request
	 * rate"}), {@code expr} is as written (Grafana variables left in), {@code queryType} is the
	 * VictoriaLogs query type ({@code instant}, {@code stats}) or null.
	 */
	record Query(String where, Language language, String expr, String queryType, Map<String, String> variables) {

		/** The expression with Grafana's variables replaced as the tests run it; fails on an unknown one. */
		String runnable() {
			Matcher matcher = VARIABLE.matcher(this.expr);
			StringBuilder result = new StringBuilder();
			while (matcher.find()) {
				String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
				String value = BUILT_IN_VARIABLES.getOrDefault(name, this.variables.get(name));
				if (value == null) {
					throw new IllegalStateException(this.where + ": unknown Grafana variable $" + name);
				}
				matcher.appendReplacement(result, Matcher.quoteReplacement(value));
			}
			matcher.appendTail(result);
			return result.toString();
		}
	}

	static List<Path> dashboardFiles() {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode dashboard(Path file) {
		return JSON.readTree(read(file));
	}

	/** Every panel, the panels inside collapsed rows included. */
	static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			for (JsonNode inner : panel.path("panels")) {
				panels.add(inner);
			}
		}
		return panels;
	}

	/** The queries of every panel target and template variable of every dashboard. */
	static List<Query> dashboardQueries() {
		List<Query> queries = new ArrayList<>();
		for (Path file : dashboardFiles()) {
			JsonNode dashboard = dashboard(file);
			String title = dashboard.path("title").asString();
			Map<String, String> variables = new LinkedHashMap<>();
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				variables.put(variable.path("name").asString(), variable.path("allValue").asString(".*"));
			}
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if (variable.path("type").asString().equals("query")) {
					String definition = variable.path("query").isObject() ? variable.path("query").path("query").asString()
							: variable.path("query").asString();
					Matcher labelValues = LABEL_VALUES.matcher(definition);
					String expr = labelValues.matches()
							? "group by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")" : definition;
					queries.add(new Query(title + ", variable $" + variable.path("name").asString(), language(
							variable.path("datasource").path("uid").asString(), title), expr, null, variables));
				}
			}
			for (JsonNode panel : panels(dashboard)) {
				for (JsonNode target : panel.path("targets")) {
					String uid = target.path("datasource").path("uid").asString(panel.path("datasource").path("uid").asString());
					String where = title + ", panel \"" + panel.path("title").asString() + "\" ("
							+ target.path("refId").asString() + ")";
					queries.add(new Query(where, language(uid, where), target.path("expr").asString(),
							target.path("queryType").asString(null), variables));
				}
			}
		}
		return queries;
	}

	/** The expression of every alerting and recording rule under {@code alerts/}. */
	static List<Query> alertQueries() {
		List<Query> queries = new ArrayList<>();
		for (Path file : alertFiles()) {
			Map<String, Object> rules = yaml(file);
			for (Object group : (List<?>) rules.get("groups")) {
				Map<?, ?> groupMap = (Map<?, ?>) group;
				for (Object rule : (List<?>) groupMap.get("rules")) {
					Map<?, ?> ruleMap = (Map<?, ?>) rule;
					Object name = (ruleMap.get("alert") != null) ? ruleMap.get("alert") : ruleMap.get("record");
					queries.add(new Query(ROOT.relativize(file) + ", rule " + name, Language.PROMQL,
							String.valueOf(ruleMap.get("expr")), null, Map.of()));
				}
			}
		}
		return queries;
	}

	/** The examples of the documentation: each {@code promql} or {@code logsql} code block is one query. */
	static List<Query> documentedQueries() {
		List<Query> queries = new ArrayList<>();
		Matcher block = CODE_BLOCK.matcher(read(DOCUMENTATION));
		while (block.find()) {
			Language language = block.group(1).equals("promql") ? Language.PROMQL : Language.LOGSQL;
			queries.add(new Query(DOCUMENTATION + ", example " + (queries.size() + 1), language, block.group(2).strip(),
					null, Map.of()));
		}
		return queries;
	}

	static List<Path> alertFiles() {
		try (Stream<Path> files = Files.list(ALERTS)) {
			return files.filter((file) -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Map<String, Object> yaml(Path file) {
		return new Yaml().load(read(file));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Language language(String datasourceUid, String where) {
		return switch (datasourceUid) {
			case METRICS_DATASOURCE -> Language.PROMQL;
			case LOGS_DATASOURCE -> Language.LOGSQL;
			default -> throw new IllegalStateException(where + ": unknown data source uid \"" + datasourceUid + "\"");
		};
	}
}
