package nexus.iam.observability;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.ShellScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files of the development observability stack ({@code ops/observability}) agree with each
 * other: what the compose file mounts exists and is where each program reads it, images are
 * pinned, the scrape configuration and alert rules pass VictoriaMetrics' and vmalert's own checks,
 * and Grafana's data sources and dashboards name each other consistently. Docker is not needed.
 */
class ObservabilityStackFilesTests {

	private static final Path ROOT = ObservabilityFiles.ROOT;

	private static final Pattern PINNED = Pattern.compile("^[a-z0-9./-]+:v?\\d+\\.\\d+\\.\\d+(-[a-z]+)?$");

	private static final Pattern LISTEN_PORT = Pattern.compile("^-httpListenAddr=:(\\d+)$");

	@Test
	void everyImageIsPinnedToARelease() {
		services().forEach((name, service) -> assertThat(String.valueOf(service.get("image"))).as(name)
			.matches(PINNED)
			.doesNotContain("latest"));
	}

	@Test
	void everyMountedFileOrFolderIsCommitted() {
		services().forEach((name, service) -> mounts(service).forEach((host, container) -> {
			if (host.startsWith("./")) {
				assertThat(ROOT.resolve(host)).as(name + " mounts " + host).exists();
			}
		}));
	}

	@Test
	void victoriaMetricsKeepsThirtyDaysAndScrapesTheCommittedConfiguration() {
		Map<String, Object> service = services().get("victoriametrics");
		List<String> command = command(service);

		assertThat(command).contains("-retentionPeriod=30d");
		assertThat(command).contains("-promscrape.config=" + mounts(service).get("./victoriametrics/scrape.yml"));
		assertThat(ROOT.resolve("victoriametrics/scrape.yml")).isEqualTo(ObservabilityFiles.SCRAPE_CONFIG);
	}

	@Test
	void theScrapeConfigurationPassesVictoriaMetricsCheck() {
		Path binary = VictoriaMetricsServer.binary();

		run(binary.toString(), "-promscrape.config=" + ObservabilityFiles.SCRAPE_CONFIG, "-promscrape.config.dryRun",
				"-loggerLevel=ERROR");
	}

	@Test
	void theAlertRulesPassVmalertsCheckAndCoverTheServicesFailures() {
		Path vmalert = VictoriaMetricsServer.companion("vmalert");
		run(vmalert.toString(), "-dryRun", "-rule=" + ObservabilityFiles.ALERTS + "/*.yml", "-loggerLevel=ERROR");

		Map<String, Object> service = services().get("vmalert");
		assertThat(command(service)).contains("-rule=" + mounts(service).get("./alerts") + "/*.yml");
		assertThat(ObservabilityFiles.alertQueries()).extracting(ObservabilityFiles.Query::where)
			.map((where) -> where.substring(where.lastIndexOf(' ') + 1))
			.contains("NexusIamDown", "NexusIamHigh5xxRatio", "NexusIamHighP99Latency", "NexusIamRevocationDegraded",
					"NexusIamRefreshTokenReuseSpike", "NexusIamRateLimitSpike", "NexusIamDatabasePoolSaturated");
	}

	@Test
	void grafanasDataSourcesPointAtTheStacksServices() {
		Map<String, Object> provisioning = ObservabilityFiles
			.yaml(ROOT.resolve("grafana/provisioning/datasources/datasources.yaml"));
		Map<String, String> types = new LinkedHashMap<>();
		for (Object entry : (List<?>) provisioning.get("datasources")) {
			Map<?, ?> datasource = (Map<?, ?>) entry;
			types.put(String.valueOf(datasource.get("uid")), String.valueOf(datasource.get("type")));
			URI url = URI.create(String.valueOf(datasource.get("url")));
			Map<String, Object> target = services().get(url.getHost());
			assertThat(target).as(datasource.get("name") + " points at a service of the stack").isNotNull();
			assertThat(command(target)).as(url.getHost() + " listens where " + datasource.get("name") + " looks")
				.contains("-httpListenAddr=:" + url.getPort());
		}
		assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of(ObservabilityFiles.METRICS_DATASOURCE, "prometheus",
				ObservabilityFiles.LOGS_DATASOURCE, "victoriametrics-logs-datasource", "victoriatraces", "jaeger"));
		Map<String, Object> grafana = services().get("grafana");
		assertThat(String.valueOf(environment(grafana).get("GF_PLUGINS_PREINSTALL_SYNC")))
			.startsWith("victoriametrics-logs-datasource@");
	}

	@Test
	void theFourDashboardsAreProvisionedAndEachPanelQueriesAProvisionedDataSource() {
		Map<String, Object> grafana = services().get("grafana");
		String dashboards = mounts(grafana).get("./grafana/dashboards");
		Map<String, Object> providers = ObservabilityFiles
			.yaml(ROOT.resolve("grafana/provisioning/dashboards/dashboards.yaml"));
		Map<?, ?> provider = (Map<?, ?>) ((List<?>) providers.get("providers")).get(0);
		assertThat(((Map<?, ?>) provider.get("options")).get("path")).isEqualTo(dashboards);
		assertThat(mounts(grafana)).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");
		String home = String.valueOf(environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
		assertThat(ROOT.resolve("grafana/dashboards").resolve(Path.of(dashboards).relativize(Path.of(home)))).exists();

		Set<String> uids = new HashSet<>();
		List<String> titles = new ArrayList<>();
		for (Path file : ObservabilityFiles.dashboardFiles()) {
			JsonNode dashboard = ObservabilityFiles.dashboard(file);
			String title = dashboard.path("title").asString();
			titles.add(title);
			assertThat(uids.add(dashboard.path("uid").asString())).as(file + ": its uid is unique").isTrue();
			Set<Integer> ids = new HashSet<>();
			for (JsonNode panel : ObservabilityFiles.panels(dashboard)) {
				String where = title + ", panel \"" + panel.path("title").asString() + "\"";
				assertThat(ids.add(panel.path("id").asInt())).as(where + ": its id is unique").isTrue();
				assertThat(panel.path("gridPos").path("w").asInt()).as(where + ": width").isBetween(1, 24);
				if (panel.path("type").asString().equals("row")) {
					continue;
				}
				assertThat(panel.path("datasource").path("uid").asString()).as(where + ": data source")
					.isIn(ObservabilityFiles.METRICS_DATASOURCE, ObservabilityFiles.LOGS_DATASOURCE);
				assertThat(panel.path("targets")).as(where + ": queries").isNotEmpty();
				for (JsonNode target : panel.path("targets")) {
					assertThat(target.path("expr").asString()).as(where + ": query").isNotBlank();
				}
			}
		}
		assertThat(titles).containsExactlyInAnyOrder("Nexus IAM / Overview", "Nexus IAM / Auth",
				"Nexus IAM / Performance", "Nexus IAM / Security");
	}

	@Test
	void vectorShipsTheMountedLogFolderToVictoriaLogsAsItsJsonFieldsSay() {
		Map<String, Object> vector = services().get("vector");
		Map<String, Object> config = ObservabilityFiles.yaml(ROOT.resolve("vector/vector.yaml"));
		assertThat(command(vector)).containsSubsequence("--config", mounts(vector).get("./vector/vector.yaml"));

		Map<?, ?> source = (Map<?, ?>) ((Map<?, ?>) config.get("sources")).get("nexus_iam_files");
		String logFolder = mounts(vector).get("./logs");
		assertThat(((List<?>) source.get("include")).stream().map(String::valueOf)).containsExactly(logFolder + "/*.log");

		Map<?, ?> sink = (Map<?, ?>) ((Map<?, ?>) config.get("sinks")).get("victorialogs");
		URI uri = URI.create(String.valueOf(sink.get("uri")));
		assertThat(command(services().get(uri.getHost()))).contains("-httpListenAddr=:" + uri.getPort());
		assertThat(uri.getPath()).isEqualTo("/insert/jsonline");
		// the names the dashboards' LogsQL (and DashboardQueriesTests) rely on
		assertThat(uri.getQuery().split("&")).containsExactlyInAnyOrder("_stream_fields=service,host",
				"_msg_field=message", "_time_field=time");
		String remap = String.valueOf(((Map<?, ?>) ((Map<?, ?>) config.get("transforms")).get("nexus_iam_json")).get("source"));
		assertThat(remap).contains(".service = \"nexus-iam\"").contains(".host = host");
	}

	private static Map<String, Map<String, Object>> services() {
		Map<String, Object> compose = ObservabilityFiles.yaml(ROOT.resolve("compose.yaml"));
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		return services;
	}

	private static List<String> command(Map<String, Object> service) {
		return ((List<?>) service.get("command")).stream().map(String::valueOf).toList();
	}

	private static Map<?, ?> environment(Map<String, Object> service) {
		return (Map<?, ?>) service.get("environment");
	}

	/** Host path (a variable's default taken) to container path, for the service's bind mounts. */
	private static Map<String, String> mounts(Map<String, Object> service) {
		Map<String, String> mounts = new LinkedHashMap<>();
		Object volumes = service.get("volumes");
		if (volumes != null) {
			for (Object volume : (List<?>) volumes) {
				String text = String.valueOf(volume).replaceAll("\\$\\{[A-Z_]+:-([^}]*)\\}", "$1");
				String[] parts = text.split(":");
				mounts.put(parts[0], parts[1]);
			}
		}
		return mounts;
	}

	private static void run(String... command) {
		ShellScript.Result result = ShellScript.run(Map.of(), List.of(command));
		assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
	}
}
