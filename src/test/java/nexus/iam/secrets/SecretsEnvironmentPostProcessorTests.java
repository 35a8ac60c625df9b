package nexus.iam.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import nexus.iam.secrets.SecretsException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The environment gets the secrets of a SOPS file, {@code _FILE} variables and a secrets directory,
 * read from real environment variables (here: a replaced {@code systemEnvironment} source of the
 * same type Spring uses), and they bind like environment variables, in the documented precedence.
 */
class SecretsEnvironmentPostProcessorTests {

	private static final SopsWriter.AgeKey KEY = SopsWriter.AgeKey.generate();

	private static final String TOKEN = "Xq9vL2mR7tK4wZ8nB3cY6hF1jD5sG0pA";

	@TempDir
	Path temp;

	@Test
	void secretsFileWhenDotenvThenVariablesBindLikeEnvironmentVariables() throws IOException {
		Map<String, String> secrets = Map.of("NEXUS_ADMIN_TOKEN", TOKEN, "NEXUS_TOKEN_REFRESH_TOKEN_SECRET", "refresh-"
				+ TOKEN);
		StandardEnvironment environment = withSecretsFile(write("prod.enc.env", SopsWriter.dotenv(secrets, KEY.recipient())));
		assertThat(bind(environment, "nexus.admin.token")).isEqualTo(TOKEN);
		assertThat(bind(environment, "nexus.token.refresh-token-secret")).isEqualTo("refresh-" + TOKEN);
		assertThat(environment.getProperty("nexus.admin.token")).isEqualTo(TOKEN);
	}

	@Test
	void secretsFileWhenYamlThenTopLevelKeysAreTheVariables() throws IOException {
		StandardEnvironment environment = withSecretsFile(
				write("prod.enc.yaml", SopsWriter.yaml(Map.of("NEXUS_ADMIN_TOKEN", TOKEN), KEY.recipient())));
		assertThat(bind(environment, "nexus.admin.token")).isEqualTo(TOKEN);
	}

	@Test
	void secretsFileWhenYamlNestsValuesThenRefusesNamingTheKey() throws IOException {
		Path file = write("prod.enc.yaml", SopsWriter.yaml(Map.of("nexus", Map.of("admin", TOKEN)), KEY.recipient()));
		assertThatExceptionOfType(SecretsException.class).isThrownBy(() -> withSecretsFile(file))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED))
			.withMessageContaining(file.toString())
			.withMessageContaining("nexus")
			.withMessageNotContaining(TOKEN);
	}

	@Test
	void secretsFileWhenIniThenKeysBeforeAnySectionAreTheVariables() {
		Map<String, Object> decrypted = Map.of(IniStore.DEFAULT_SECTION, Map.of("NEXUS_ADMIN_TOKEN", TOKEN));
		assertThat(SecretsEnvironmentPostProcessor.variables(decrypted, SopsFormat.INI, "f.enc.ini"))
			.containsExactly(Map.entry("NEXUS_ADMIN_TOKEN", TOKEN));
		assertThatExceptionOfType(SecretsException.class)
			.isThrownBy(() -> SecretsEnvironmentPostProcessor.variables(Map.of("nexus", Map.of()), SopsFormat.INI, "f"))
			.withMessageContaining("[nexus]");
	}

	@Test
	void secretsFileWhenKeysAreNotVariableNamesThenRefuses() {
		assertThatExceptionOfType(SecretsException.class)
			.isThrownBy(() -> SecretsEnvironmentPostProcessor.variables(Map.of("nexus.admin.token", TOKEN),
					SopsFormat.YAML, "f.enc.yaml"))
			.withMessageContaining("nexus.admin.token")
			.withMessageNotContaining(TOKEN);
	}

	@Test
	void secretsFileWhenTamperedThenRefusesNamingTheFile() throws IOException {
		String written = SopsWriter.dotenv(Map.of("NEXUS_ADMIN_TOKEN", TOKEN), KEY.recipient());
		Path file = write("prod.enc.env", SopsFileTests.flipFirstDataByte(written, 0));
		assertThatExceptionOfType(SecretsException.class).isThrownBy(() -> withSecretsFile(file))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TAMPERED))
			.withMessageContaining(file.toString());
	}

	@Test
	void secretsFileWhenMissingThenRefusesNamingIt() {
		Path file = this.temp.resolve("missing.enc.env");
		assertThatExceptionOfType(SecretsException.class).isThrownBy(() -> withSecretsFile(file))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNREADABLE))
			.withMessageContaining(file.toString());
	}

	@Test
	void secretsFileWhenKeyTextIsInTheEnvironmentThenItIsUsed() throws IOException {
		Path file = write("prod.enc.env", SopsWriter.dotenv(Map.of("NEXUS_ADMIN_TOKEN", TOKEN), KEY.recipient()));
		StandardEnvironment environment = postProcess(Map.of("NEXUS_SECRETS_FILE", file.toString(), "SOPS_AGE_KEY",
				"# a comment line\n" + KEY.identity()));
		assertThat(bind(environment, "nexus.admin.token")).isEqualTo(TOKEN);
	}

	@Test
	void fileVariableWhenSetThenItsFileWithoutTrailingLineBreakIsTheValue() throws IOException {
		Path file = write("db-password", "pg-" + TOKEN + "\r\n");
		StandardEnvironment environment = postProcess(Map.of("NEXUS_DATABASE_PASSWORD_FILE", file.toString()));
		assertThat(bind(environment, "nexus.database.password")).isEqualTo("pg-" + TOKEN);
	}

	@Test
	void fileVariableWhenItsFileIsMissingThenRefusesNamingTheVariable() {
		Path file = this.temp.resolve("absent");
		assertThatExceptionOfType(SecretsException.class)
			.isThrownBy(() -> postProcess(Map.of("NEXUS_LOGIN_STATE_SECRET_FILE", file.toString())))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNREADABLE))
			.withMessageContaining("NEXUS_LOGIN_STATE_SECRET_FILE")
			.withMessageContaining(file.toString());
	}

	@Test
	void fileVariableWhenItNamesAFileTheServiceReadsItselfThenItIsLeftAlone() throws IOException {
		Path keys = write("signing-keys.json", "{\"keys\":[]}");
		StandardEnvironment environment = postProcess(Map.of("NEXUS_TOKEN_SIGNING_KEYS_FILE", keys.toString()));
		assertThat(environment.getProperty("NEXUS_TOKEN_SIGNING_KEYS")).isNull();
		assertThat(bind(environment, "nexus.token.signing-keys-file")).isEqualTo(keys.toString());
	}

	@Test
	void fileVariableWhenGivenOnTheCommandLineThenItIsRead() throws IOException {
		Path file = write("admin-token", TOKEN + "\n");
		StandardEnvironment environment = environment(Map.of());
		environment.getPropertySources()
			.addFirst(new SimpleCommandLinePropertySource("--NEXUS_ADMIN_TOKEN_FILE=" + file));
		postProcess(environment);
		assertThat(bind(environment, "nexus.admin.token")).isEqualTo(TOKEN);
	}

	@Test
	void secretsDirectoryWhenMountedByKubernetesThenEachVariableFileIsRead() throws IOException {
		// a Secret volume: files are links into a timestamped folder, switched atomically through ..data
		Path directory = Files.createDirectory(this.temp.resolve("secrets"));
		Path version = Files.createDirectory(directory.resolve("..2026_01_01_00_00_00.000000001"));
		Files.writeString(version.resolve("NEXUS_ADMIN_TOKEN"), TOKEN + "\n");
		Files.writeString(version.resolve("nexus_login_state_secret"), "state-" + TOKEN);
		Files.createSymbolicLink(directory.resolve("..data"), version.getFileName());
		Files.createSymbolicLink(directory.resolve("NEXUS_ADMIN_TOKEN"), Path.of("..data/NEXUS_ADMIN_TOKEN"));
		Files.createSymbolicLink(directory.resolve("nexus_login_state_secret"),
				Path.of("..data/nexus_login_state_secret"));
		Files.writeString(directory.resolve(".hidden"), "ignored");
		Files.writeString(directory.resolve("README.txt"), "ignored: not a variable name");
		Files.createDirectory(directory.resolve("NEXUS_SUBFOLDER"));
		StandardEnvironment environment = postProcess(Map.of("NEXUS_SECRETS_DIR", directory.toString()));
		assertThat(bind(environment, "nexus.admin.token")).isEqualTo(TOKEN);
		assertThat(bind(environment, "nexus.login.state-secret")).isEqualTo("state-" + TOKEN);
		assertThat(environment.getPropertySources().get(SecretsEnvironmentPostProcessor.DIRECTORY_SOURCE).getSource())
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("NEXUS_ADMIN_TOKEN", "nexus_login_state_secret");
	}

	@Test
	void secretsDirectoryWhenNotADirectoryThenRefusesNamingTheVariable() {
		assertThatExceptionOfType(SecretsException.class)
			.isThrownBy(() -> postProcess(Map.of("NEXUS_SECRETS_DIR", this.temp.resolve("nowhere").toString())))
			.withMessageContaining("NEXUS_SECRETS_DIR");
	}

	@ParameterizedTest
	@CsvSource({ "direct, file variable, directory, sops, direct", "'', file variable, directory, sops, file variable",
			"'', '', directory, sops, directory", "'', '', '', sops, sops" })
	void precedenceIsDirectThenFileVariableThenDirectoryThenSecretsFileThenConfigurationFiles(String direct,
			String fileVariable, String directory, String sops, String expected) throws IOException {
		Map<String, Object> variables = new HashMap<>();
		if (!direct.isEmpty()) {
			variables.put("NEXUS_ADMIN_TOKEN", direct);
		}
		if (!fileVariable.isEmpty()) {
			variables.put("NEXUS_ADMIN_TOKEN_FILE", write("token", fileVariable + "\n").toString());
		}
		if (!directory.isEmpty()) {
			Path dir = Files.createDirectories(this.temp.resolve("dir"));
			Files.writeString(dir.resolve("NEXUS_ADMIN_TOKEN"), directory);
			variables.put("NEXUS_SECRETS_DIR", dir.toString());
		}
		variables.put("NEXUS_SECRETS_FILE",
				write("s.enc.env", SopsWriter.dotenv(Map.of("NEXUS_ADMIN_TOKEN", sops), KEY.recipient())).toString());
		variables.put("SOPS_AGE_KEY", KEY.identity());
		StandardEnvironment environment = environment(variables);
		// what application.yml would say: every secrets source wins over it
		environment.getPropertySources()
			.addLast(new MapPropertySource("Config resource 'application.yml'", Map.of("nexus.admin.token", "yml")));
		postProcess(environment);
		assertThat(bind(environment, "nexus.admin.token")).isEqualTo(expected);
	}

	@Test
	void postProcessWhenNothingIsConfiguredThenAddsNoSource() {
		StandardEnvironment environment = environment(Map.of());
		int before = environment.getPropertySources().size();
		postProcess(environment);
		assertThat(environment.getPropertySources().size()).isEqualTo(before);
	}

	private StandardEnvironment withSecretsFile(Path file) throws IOException {
		Path keyFile = write("keys.txt", KEY.keyFile());
		return postProcess(Map.of("NEXUS_SECRETS_FILE", file.toString(), "SOPS_AGE_KEY_FILE", keyFile.toString()));
	}

	private static StandardEnvironment postProcess(Map<String, Object> variables) {
		return postProcess(environment(variables));
	}

	private static StandardEnvironment postProcess(StandardEnvironment environment) {
		new SecretsEnvironmentPostProcessor(Supplier::get).postProcessEnvironment(environment, null);
		return environment;
	}

	/** An environment whose variables are exactly these, held as Spring holds real ones. */
	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
					new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of()));
		return environment;
	}

	private static String bind(StandardEnvironment environment, String name) {
		return Binder.get(environment).bind(name, String.class).orElse(null);
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.temp.resolve(name), content);
	}
}
