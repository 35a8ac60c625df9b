package nexus.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import nexus.iam.testsupport.ShellScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files (the {@code Dockerfile}, {@code ops/compose/} and the Traefik files it
 * mounts) agree with each other and with the service: what they reference exists, every port
 * they point at is one the target listens on, the service gets documented settings and every
 * setting production mode requires, images are pinned, and the image runs as a non-root user on a
 * Java 25 JRE with a health check. Docker is not needed.
 */
class DeploymentFilesTests {

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	private static final Path COMPOSE = Path.of("ops", "compose", "docker-compose.yaml");

	private static final Path TRAEFIK_STATIC = Path.of("ops", "compose", "traefik", "traefik.yaml");

	private static final Path CONFIGURATION = Path.of("docs", "configuration.md");

	/** Host paths that are not in the repository: the operator provides them on the Docker host. */
	private static final Map<String, String> RUNTIME_PATHS = Map.of("/run/nexus-iam/secrets",
			"NEXUS_SECRETS_DIR: the decrypted secrets, a tmpfs filled at deploy time (docs/operations/deployment.md)",
			"/etc/nexus-iam/tls", "NEXUS_TLS_DIR: the TLS certificate and key (tls.crt, tls.key) the operator provides");

	/** Targets of the Traefik files that this Compose project does not run. */
	private static final Map<String, String> EXTERNAL_SERVICES = Map.of("temporal-ui",
			"the Temporal UI belongs to the platform's workflow stack; ops/sso/traefik-dynamic.yaml routes it");

	/** Ports of images that listen on their default port, which no setting of the stack changes. */
	private static final Map<String, Integer> IMAGE_DEFAULT_PORTS = Map.of("postgres:", 5432, "grafana/grafana:", 3000);

	private static final Pattern PINNED = Pattern.compile("^[a-z0-9./-]+:v?\\d+(\\.\\d+)+([._-][a-z0-9.]+)*$");

	private static final Pattern VARIABLE_DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)\\}");

	private static final Pattern SERVICE_URL = Pattern.compile("(?:[a-z]+:)+//(?:[^@/\\s]*@)?([a-z0-9-]+):(\\d+)");

	private static final Pattern LISTEN_FLAG = Pattern.compile("^-(?:httpListenAddr|otlpGRPCListenAddr)=:(\\d+)$");

	private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("^\\$\\{[A-Z_]+:(\\d+)\\}$");

	@Test
	void everyReferencedFileExistsOrIsADocumentedRuntimePath() {
		List<String> checked = new ArrayList<>();
		for (ComposeFile file : composeFiles()) {
			services(file.content()).forEach((name, service) -> {
				String where = file.path() + ", service " + name;
				if (service.get("build") instanceof Map<?, ?> build) {
					Path context = checkPath(file.projectDirectory(), String.valueOf(build.get("context")), where, checked);
					Object dockerfile = (build.get("dockerfile") != null) ? build.get("dockerfile") : "Dockerfile";
					assertThat(context.resolve(String.valueOf(dockerfile))).as(where + ": Dockerfile").isRegularFile();
				}
				bindMounts(service).keySet().forEach((host) -> checkPath(file.projectDirectory(), host, where, checked));
				list(service.get("env_file")).forEach((env) -> checkPath(file.projectDirectory(), env, where, checked));
			});
			map(file.content().get("secrets")).forEach((name, secret) -> checkPath(file.projectDirectory(),
					String.valueOf(map(secret).get("file")), file.path() + ", secret " + name, checked));
		}
		for (String include : includes()) {
			assertThat(COMPOSE.getParent().resolve(include).normalize()).as("included " + include).isRegularFile();
		}
		assertThat(checked).as("the paths checked").contains("/run/nexus-iam/secrets/nexus_database_password",
				"ops/sso/traefik-dynamic.yaml", "ops/compose/victoriametrics-scrape.yml", "ops/compose/nexus-iam.env", ".");

		Map<String, Object> traefik = services(compose()).get("traefik");
		Map<String, String> mounts = bindMounts(traefik);
		Map<String, Object> staticConfig = yaml(TRAEFIK_STATIC);
		String dynamic = String.valueOf(map(map(staticConfig.get("providers")).get("file")).get("directory"));
		assertThat(mounts.values()).as("dynamic files are mounted where the file provider reads")
			.contains(dynamic + "/sso.yaml", dynamic + "/routes.yaml", dynamic + "/tls.yaml");
		String certificates = mounts.get(resolveDefaults("${NEXUS_TLS_DIR:-/etc/nexus-iam/tls}"));
		for (Object certificate : (List<?>) map(yaml(Path.of("ops/compose/traefik/tls.yaml")).get("tls")).get("certificates")) {
			assertThat(String.valueOf(map(certificate).get("certFile"))).startsWith(certificates + "/");
			assertThat(String.valueOf(map(certificate).get("keyFile"))).startsWith(certificates + "/");
		}
	}

	@Test
	void theDockerBuildCopiesOnlyWhatTheContextLetsThrough() throws IOException {
		List<String> ignore = Files.readAllLines(Path.of(".dockerignore"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignore.getFirst()).as("everything is excluded unless listed").isEqualTo("*");
		for (String instruction : dockerInstructions()) {
			if (instruction.startsWith("COPY ") && !instruction.contains("--from=")) {
				String[] words = instruction.split("\\s+");
				for (int i = 1; i < words.length - 1; i++) {
					assertThat(Path.of(words[i])).as(instruction).exists();
					assertThat(ignore).as(words[i] + " is let into the build context").contains("!" + words[i]);
				}
			}
		}
	}

	@Test
	void everyPortThatIsPointedAtIsOneItsTargetListensOn() {
		Map<String, Set<Integer>> listens = listeningPorts();
		assertThat(listens.get("nexus-iam")).containsExactlyInAnyOrder(8080, 8081);
		List<String> pointers = new ArrayList<>();

		// URLs in the environment of every service (JDBC, Redis, OTLP, metrics push, ...)
		for (ComposeFile file : composeFiles()) {
			services(file.content()).forEach((name, service) -> environment(service).forEach((key, value) -> {
				Matcher url = SERVICE_URL.matcher(resolveDefaults(value));
				while (url.find()) {
					checkTarget(listens, url.group(1), Integer.parseInt(url.group(2)), name + " " + key, pointers);
				}
			}));
		}
		// the backup's PGHOST/PGPORT
		Map<String, String> backup = environment(services(yaml(Path.of("ops/backup/compose.yaml"))).get("backup"));
		checkTarget(listens, resolveDefaults(backup.get("PGHOST")), Integer.parseInt(backup.get("PGPORT")), "backup PGHOST",
				pointers);
		// compose health checks
		services(compose()).forEach((name, service) -> {
			if (service.get("healthcheck") instanceof Map<?, ?> healthcheck) {
				List<String> test = list(healthcheck.get("test"));
				for (int i = 0; i < test.size() - 1; i++) {
					if (test.get(i).equals("-p") || test.get(i).equals("--port")) {
						checkTarget(listens, name, Integer.parseInt(test.get(i + 1)), name + " health check", pointers);
					}
				}
				if (name.equals("traefik")) {
					assertThat(test).contains("--configFile=/etc/traefik/traefik.yaml");
					String entryPoint = String.valueOf(map(yaml(TRAEFIK_STATIC).get("ping")).get("entryPoint"));
					assertThat(map(yaml(TRAEFIK_STATIC).get("entryPoints"))).as("the ping entry point").containsKey(entryPoint);
				}
			}
		});
		// the image's health check
		Matcher healthcheck = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/\\$\\{NEXUS_MANAGEMENT_PORT:-(\\d+)\\}/?")
			.matcher(dockerStage(-1).stream().filter((i) -> i.startsWith("HEALTHCHECK")).findFirst().orElse(""));
		assertThat(healthcheck.find()).as("the image's health check asks the management port").isTrue();
		checkTarget(listens, "nexus-iam", Integer.parseInt(healthcheck.group(1)), "Dockerfile HEALTHCHECK", pointers);
		assertThat(Integer.parseInt(healthcheck.group(1))).isEqualTo(managementPort());
		// Traefik: routes, the forward-auth address, the service health check
		for (Path dynamic : List.of(Path.of("ops/sso/traefik-dynamic.yaml"), Path.of("ops/compose/traefik/routes.yaml"))) {
			Map<String, Object> http = map(yaml(dynamic).get("http"));
			map(http.get("services")).forEach((name, service) -> {
				Map<String, Object> loadBalancer = map(map(service).get("loadBalancer"));
				for (Object server : (List<?>) loadBalancer.get("servers")) {
					Matcher url = SERVICE_URL.matcher(String.valueOf(map(server).get("url")));
					assertThat(url.find()).isTrue();
					checkTarget(listens, url.group(1), Integer.parseInt(url.group(2)), dynamic + " service " + name, pointers);
					if (url.group(1).equals("nexus-iam")) {
						assertThat(Integer.parseInt(url.group(2))).as("Traefik never routes to the management port")
							.isEqualTo(publicPort());
					}
					if (loadBalancer.get("healthCheck") instanceof Map<?, ?> check && check.get("port") != null) {
						checkTarget(listens, url.group(1), (Integer) check.get("port"), dynamic + " health check of " + name,
								pointers);
					}
				}
			});
			map(http.get("middlewares")).forEach((name, middleware) -> {
				if (map(middleware).get("forwardAuth") instanceof Map<?, ?> forwardAuth) {
					Matcher url = SERVICE_URL.matcher(String.valueOf(forwardAuth.get("address")));
					assertThat(url.find()).isTrue();
					checkTarget(listens, url.group(1), Integer.parseInt(url.group(2)), "forward-auth " + name, pointers);
				}
			});
		}
		// the scrape configuration of the deployment
		Map<String, Object> scrape = yaml(Path.of("ops/compose/victoriametrics-scrape.yml"));
		for (Object job : (List<?>) scrape.get("scrape_configs")) {
			for (Object sd : (List<?>) map(job).get("dns_sd_configs")) {
				for (String name : list(map(sd).get("names"))) {
					checkTarget(listens, name, (Integer) map(sd).get("port"), "scrape job", pointers);
					assertThat(map(sd).get("port")).as("metrics are on the management port").isEqualTo(managementPort());
				}
			}
		}
		assertThat(pointers).as("what was checked").contains("nexus-iam:8080", "nexus-iam:8081", "postgres:5432",
				"redis:6379", "grafana:3000", "victoriametrics:8428", "victorialogs:9428", "victoriatraces:10428");
	}

	@Test
	void theServiceGetsDocumentedSettingsAndEverySettingProductionRequires() throws IOException {
		List<Pattern> documented = documentedVariables();
		Map<String, Object> service = services(compose()).get("nexus-iam");
		Map<String, String> settings = new LinkedHashMap<>();
		for (String envFile : list(service.get("env_file"))) {
			for (String line : Files.readAllLines(COMPOSE.getParent().resolve(envFile))) {
				if (!line.isBlank() && !line.startsWith("#")) {
					settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
				}
			}
		}
		settings.putAll(environment(service));
		Set<String> secrets = new LinkedHashSet<>(list(service.get("secrets")));

		Set<String> provided = new LinkedHashSet<>();
		settings.forEach((name, value) -> {
			String setting = name;
			if (name.startsWith("NEXUS_") && name.endsWith("_FILE") && !name.equals("NEXUS_SECRETS_FILE") && !name.equals("NEXUS_TOKEN_SIGNING_KEYS_FILE")) {
				setting = name.substring(0, name.length() - "_FILE".length());
				assertThat(value).as(name + " reads a Docker secret of the service").startsWith("/run/secrets/");
				assertThat(secrets).as(name).contains(value.substring("/run/secrets/".length()));
			}
			String variable = setting;
			assertThat(documented).as(variable + " is documented in docs/configuration.md")
				.anyMatch((pattern) -> pattern.matcher(variable).matches());
			provided.add(setting);
		});

		Set<String> required = productionRequiredVariables();
		assertThat(required).as("parsed from docs/configuration.md, Production mode")
			.contains("NEXUS_DATABASE_URL", "NEXUS_PUBLIC_URL", "NEXUS_LOGIN_STATE_SECRET",
					"NEXUS_TOKEN_REFRESH_TOKEN_SECRET", "NEXUS_DATABASE_PASSWORD");
		assertThat(provided).containsAll(required);
		if ("database".equals(settings.get("NEXUS_TOKEN_KEY_STORE"))) {
			assertThat(provided).contains("NEXUS_TOKEN_KEY_ENCRYPTION_KEY");
		}
		else {
			assertThat(provided).containsAnyOf("NEXUS_TOKEN_SIGNING_KEYS", "NEXUS_TOKEN_SIGNING_KEYS_FILE");
		}
		assertThat(settings.get("NEXUS_MODE")).isEqualTo("production");
		assertThat(settings.get("NEXUS_PUBLIC_URL")).startsWith("https://");
		assertThat(settings).doesNotContainKey("NEXUS_LOGIN_DEV_PROVIDER_ENABLED");
		assertThat(resolveDefaults(settings.get("NEXUS_WEB_TRUSTED_PROXIES")))
			.isEqualTo(resolveDefaults(String.valueOf(map(map(services(compose()).get("traefik").get("networks")).get("default"))
				.get("ipv4_address"))) + "/32");
	}

	@Test
	void everyImageIsPinnedAndOnlyTraefikPublishesPorts() {
		for (ComposeFile file : composeFiles()) {
			services(file.content()).forEach((name, service) -> {
				if (service.get("image") != null) {
					assertThat(resolveDefaults(String.valueOf(service.get("image")))).as(file.path() + ", " + name)
						.matches(PINNED)
						.doesNotContain("latest");
				}
			});
		}
		for (String instruction : dockerInstructions()) {
			if (instruction.startsWith("FROM ")) {
				assertThat(dockerImage(instruction)).as(instruction).matches(PINNED).doesNotContain("latest");
			}
		}
		Map<String, Map<String, Object>> effective = effectiveServices();
		effective.forEach((name, service) -> {
			if (!name.equals("traefik")) {
				assertThat(list(service.get("ports"))).as(name + " publishes no port").isEmpty();
			}
		});
		assertThat(list(effective.get("traefik").get("ports"))).containsExactlyInAnyOrder("80:80", "443:443");
	}

	@Test
	void theImageRunsTheJreAsANonRootUserWithAHealthCheckInProductionMode() {
		List<String> build = dockerStage(0);
		List<String> runtime = dockerStage(-1);
		assertThat(dockerImage(build.getFirst())).startsWith("eclipse-temurin:25").contains("-jdk-");
		assertThat(build).anyMatch((i) -> i.startsWith("RUN --mount=type=cache,target=/root/.m2") && i.contains("./mvnw")
				&& i.contains("-DskipTests package"));
		assertThat(dockerImage(runtime.getFirst())).as("the runtime base").matches("eclipse-temurin:25[0-9._]*-jre-[a-z0-9.]+");
		List<String> users = runtime.stream().filter((i) -> i.startsWith("USER ")).toList();
		assertThat(users).as("the runtime stage sets a user").isNotEmpty();
		assertThat(users.getLast().substring(5).split(":")[0]).as("not root").isNotIn("root", "0").matches("\\d+");
		assertThat(runtime).anyMatch((i) -> i.startsWith("HEALTHCHECK ") && i.contains("/health/readiness"));
		assertThat(runtime).anyMatch((i) -> i.startsWith("ENV ") && i.contains("NEXUS_MODE=production"));
		String expose = runtime.stream().filter((i) -> i.startsWith("EXPOSE ")).findFirst().orElse("EXPOSE");
		assertThat(expose.substring(6).trim().split("\\s+")).containsExactlyInAnyOrder(
				listeningPorts().get("nexus-iam").stream().map(String::valueOf).toArray(String[]::new));
		// the cache is trained with the options it is used with, on the same extracted jar
		assertThat(runtime).anyMatch((i) -> i.startsWith("RUN ") && i.contains("java $JAVA_OPTS -XX:AOTCacheOutput=")
				&& i.contains("-jar /app/nexus-iam.jar"));
		assertThat(runtime).anyMatch((i) -> i.startsWith("ENTRYPOINT ")
				&& i.contains("java $JAVA_OPTS -XX:AOTCache=/app/nexus-iam.aot -jar /app/nexus-iam.jar"));
	}

	@Test
	void theDeploymentsScrapeConfigurationPassesVictoriaMetricsCheck() {
		run("victoria-metrics", "-promscrape.config=ops/compose/victoriametrics-scrape.yml", "-promscrape.config.dryRun",
				"-loggerLevel=ERROR");
	}

	// --- what the services listen on

	private static Map<String, Set<Integer>> listeningPorts() {
		Map<String, Set<Integer>> listens = new LinkedHashMap<>();
		Map<String, Object> application = yaml(Path.of("src/main/resources/application.yml"));
		int port = placeholderDefault(map(application.get("server")).get("port"));
		int management = placeholderDefault(map(map(application.get("management")).get("server")).get("port"));
		Map<String, String> environment = environment(services(compose()).get("nexus-iam"));
		listens.put("nexus-iam", Set.of(Integer.parseInt(environment.getOrDefault("NEXUS_PORT", String.valueOf(port))),
				Integer.parseInt(environment.getOrDefault("NEXUS_MANAGEMENT_PORT", String.valueOf(management)))));
		effectiveServices().forEach((name, service) -> {
			Set<Integer> ports = listens.computeIfAbsent(name, (key) -> new LinkedHashSet<>());
			List<String> command = list(service.get("command"));
			for (int i = 0; i < command.size(); i++) {
				Matcher flag = LISTEN_FLAG.matcher(command.get(i));
				if (flag.matches()) {
					ports.add(Integer.parseInt(flag.group(1)));
				}
				if (command.get(i).equals("--port") && name.equals("redis")) {
					ports.add(Integer.parseInt(command.get(i + 1)));
				}
			}
			String image = String.valueOf(service.get("image"));
			IMAGE_DEFAULT_PORTS.forEach((prefix, defaultPort) -> {
				if (image.startsWith(prefix)) {
					ports.add(defaultPort);
				}
			});
		});
		assertThat(environment(effectiveServices().get("grafana"))).doesNotContainKey("GF_SERVER_HTTP_PORT");
		assertThat(environment(effectiveServices().get("postgres"))).doesNotContainKey("PGPORT");
		map(yaml(TRAEFIK_STATIC).get("entryPoints")).forEach((name, entryPoint) -> listens.get("traefik")
			.add(Integer.parseInt(String.valueOf(map(entryPoint).get("address")).replace(":", ""))));
		return listens;
	}

	private static int publicPort() {
		return placeholderDefault(map(yaml(Path.of("src/main/resources/application.yml")).get("server")).get("port"));
	}

	private static int managementPort() {
		Map<String, Object> management = map(yaml(Path.of("src/main/resources/application.yml")).get("management"));
		return placeholderDefault(map(management.get("server")).get("port"));
	}

	private static void checkTarget(Map<String, Set<Integer>> listens, String host, int port, String where,
			List<String> checked) {
		if (EXTERNAL_SERVICES.containsKey(host)) {
			return;
		}
		assertThat(listens).as(where + " points at a service of the stack: " + host).containsKey(host);
		assertThat(listens.get(host)).as(where + " points at a port " + host + " listens on").contains(port);
		checked.add(host + ":" + port);
	}

	private static int placeholderDefault(Object value) {
		Matcher matcher = PLACEHOLDER_DEFAULT.matcher(String.valueOf(value));
		assertThat(matcher.matches()).as(String.valueOf(value)).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	// --- docs/configuration.md

	/** Every environment variable in the first two columns of a table, as a pattern for the map and list ones. */
	private static List<Pattern> documentedVariables() throws IOException {
		List<Pattern> patterns = new ArrayList<>();
		Pattern name = Pattern.compile("`([A-Z][A-Z0-9_<>]*_[A-Z0-9_<>]+)(?:=[^`]*)?`");
		for (String line : Files.readAllLines(CONFIGURATION)) {
			if (line.startsWith("| ")) {
				String[] cells = line.split("\\|");
				Matcher matcher = name.matcher(cells[1] + cells[2]);
				while (matcher.find()) {
					String regex = Pattern.quote(matcher.group(1)).replaceAll("<[A-Z]+>", "\\\\E[A-Z0-9_]+\\\\Q")
						.replace("_N_", "_\\E[0-9]+\\Q_");
					patterns.add(Pattern.compile(regex));
				}
			}
		}
		assertThat(patterns).hasSizeGreaterThan(50);
		return patterns;
	}

	/** The variables the section "Production mode" says must be set: its bullets "… is missing" and "… is not". */
	private static Set<String> productionRequiredVariables() throws IOException {
		String text = Files.readString(CONFIGURATION);
		String section = text.substring(text.indexOf("## Production mode"), text.indexOf("### Signing keys"));
		Set<String> required = new LinkedHashSet<>();
		Matcher bullet = Pattern.compile("(?m)^- (`NEXUS_[A-Z_]+`(?: or `NEXUS_[A-Z_]+`)*) is (missing|not )").matcher(section);
		while (bullet.find()) {
			Matcher variable = Pattern.compile("`(NEXUS_[A-Z_]+)`").matcher(bullet.group(1));
			while (variable.find()) {
				required.add(variable.group(1));
			}
		}
		return required;
	}

	// --- the Dockerfile

	/** Its instructions, continuation lines joined, comments and parser directives left out. */
	private static List<String> dockerInstructions() {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : read(DOCKERFILE).split("\n")) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			instructions.add(current.toString().strip());
			current.setLength(0);
		}
		return instructions;
	}

	/** The instructions of one stage (negative: from the end), starting with its FROM. */
	private static List<String> dockerStage(int index) {
		List<List<String>> stages = new ArrayList<>();
		for (String instruction : dockerInstructions()) {
			if (instruction.startsWith("FROM ")) {
				stages.add(new ArrayList<>());
			}
			if (!stages.isEmpty()) {
				stages.getLast().add(instruction);
			}
		}
		return stages.get((index < 0) ? stages.size() + index : index);
	}

	/** The image of a FROM instruction, its ARG default put in. */
	private static String dockerImage(String from) {
		String image = from.split("\\s+")[1];
		Matcher argument = Pattern.compile("^\\$\\{([A-Z_]+)\\}$").matcher(image);
		if (argument.matches()) {
			String prefix = "ARG " + argument.group(1) + "=";
			image = dockerInstructions().stream()
				.filter((i) -> i.startsWith(prefix))
				.map((i) -> i.substring(prefix.length()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no default for " + from));
		}
		return image;
	}

	// --- the Compose files

	private record ComposeFile(Path path, Path projectDirectory, Map<String, Object> content) {
	}

	private static Map<String, Object> compose() {
		return yaml(COMPOSE);
	}

	private static List<String> includes() {
		List<String> paths = new ArrayList<>();
		for (Object include : (List<?>) compose().get("include")) {
			paths.addAll((include instanceof Map<?, ?> entry) ? list(entry.get("path")) : List.of(String.valueOf(include)));
		}
		return paths;
	}

	/** The deployment's compose file and those it includes, each with the folder its relative paths start from. */
	private static List<ComposeFile> composeFiles() {
		List<ComposeFile> files = new ArrayList<>();
		files.add(new ComposeFile(COMPOSE, COMPOSE.getParent(), compose()));
		for (Object include : (List<?>) compose().get("include")) {
			List<String> paths = (include instanceof Map<?, ?> entry) ? list(entry.get("path")) : List.of(String.valueOf(include));
			// an include's project directory is the folder of its first file
			Path projectDirectory = COMPOSE.getParent().resolve(paths.getFirst()).normalize().getParent();
			for (String path : paths) {
				Path file = COMPOSE.getParent().resolve(path).normalize();
				files.add(new ComposeFile(file, projectDirectory, yaml(file)));
			}
		}
		return files;
	}

	/** Every service as Compose merges them: an include's later files override its first, !reset removes. */
	private static Map<String, Map<String, Object>> effectiveServices() {
		Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
		for (ComposeFile file : composeFiles()) {
			services(file.content()).forEach((name, service) -> {
				Map<String, Object> target = merged.computeIfAbsent(name, (key) -> new LinkedHashMap<>());
				service.forEach((key, value) -> {
					if (value == Reset.INSTANCE) {
						target.remove(key);
					}
					else if (value instanceof Map<?, ?> && target.get(key) instanceof Map<?, ?> existing) {
						Map<String, Object> both = new LinkedHashMap<>(map(existing));
						both.putAll(map(value));
						target.put(key, both);
					}
					else if (key.equals("volumes") && target.get(key) instanceof List<?> existing) {
						Map<String, String> byTarget = new LinkedHashMap<>();
						for (Object volume : existing) {
							byTarget.put(String.valueOf(volume).split(":")[1], String.valueOf(volume));
						}
						for (Object volume : (List<?>) value) {
							byTarget.put(String.valueOf(volume).split(":")[1], String.valueOf(volume));
						}
						target.put(key, new ArrayList<>(byTarget.values()));
					}
					else {
						target.put(key, value);
					}
				});
			});
		}
		return merged;
	}

	private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
		return services;
	}

	private static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		map(service.get("environment")).forEach((key, value) -> environment.put(key, String.valueOf(value)));
		return environment;
	}

	/** Host path to container path, for the bind mounts of a service (named volumes left out). */
	private static Map<String, String> bindMounts(Map<String, Object> service) {
		Map<String, String> mounts = new LinkedHashMap<>();
		for (String volume : list(service.get("volumes"))) {
			String host = volume.substring(0, volume.indexOf(":", volume.startsWith("${") ? volume.indexOf('}') : 0));
			if (host.startsWith(".") || host.startsWith("/") || host.startsWith("${")) {
				mounts.put(resolveDefaults(host), volume.substring(host.length() + 1).split(":")[0]);
			}
		}
		return mounts;
	}

	private static Path checkPath(Path projectDirectory, String path, String where, List<String> checked) {
		String resolved = resolveDefaults(path);
		if (resolved.startsWith("/")) {
			assertThat(RUNTIME_PATHS.keySet()).as(where + ": " + resolved + " is outside the repository and not a documented "
					+ "runtime path").anyMatch((runtime) -> resolved.equals(runtime) || resolved.startsWith(runtime + "/"));
			checked.add(resolved);
			return Path.of(resolved);
		}
		Path file = projectDirectory.resolve(resolved).normalize();
		assertThat(file).as(where + ": " + path).exists();
		checked.add(file.toString().isEmpty() ? "." : file.toString());
		return file;
	}

	private static String resolveDefaults(String value) {
		return VARIABLE_DEFAULT.matcher(value).replaceAll((match) -> Matcher.quoteReplacement(match.group(1)));
	}

	// --- YAML

	/** Compose's !reset: the key is removed from what the file overrides. */
	private enum Reset {

		INSTANCE
	}

	private static final class ComposeConstructor extends SafeConstructor {

		ComposeConstructor() {
			super(new LoaderOptions());
			this.yamlConstructors.put(new Tag("!reset"), new AbstractConstruct() {
				@Override
				public Object construct(Node node) {
					return Reset.INSTANCE;
				}
			});
			this.yamlConstructors.put(new Tag("!override"), new AbstractConstruct() {
				@Override
				public Object construct(Node node) {
					return (node instanceof SequenceNode sequence) ? constructSequence(sequence)
							: constructMapping((MappingNode) node);
				}
			});
		}

	}

	private static Map<String, Object> yaml(Path file) {
		return new Yaml(new ComposeConstructor()).load(read(file));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value == null) ? Map.of() : (Map<String, Object>) value;
	}

	private static List<String> list(Object value) {
		if (value == null || value == Reset.INSTANCE) {
			return List.of();
		}
		if (value instanceof List<?> values) {
			return values.stream().map(String::valueOf).collect(Collectors.toList());
		}
		return List.of(String.valueOf(value));
	}

	private static void run(String... command) {
		ShellScript.Result result = ShellScript.run(Map.of(), List.of(command));
		assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
	}

}
