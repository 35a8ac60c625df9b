package nexus.iam.secrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import nexus.iam.NexusIamApplication;
import nexus.iam.config.AdminProperties;
import nexus.iam.database.DatabaseProperties;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.token.SigningKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Secrets from files reach the running service: the whole application started in development
 * mode on a random port with its administration token in a SOPS file, small contexts for the
 * other sources, and a damaged file that stops the start. The variables are passed as
 * command-line arguments, which the secrets code reads exactly as environment variables.
 */
class SecretsStartupTests {

	private static final SopsWriter.AgeKey KEY = SopsWriter.AgeKey.generate();

	private static final String ADMIN_TOKEN = "Kd7Rw2Nq9Vx4Tz1Lp6Hc3Fb8Ym5Sg0Ej";

	@TempDir
	Path temp;

	@Test
	void startWhenSecretsFileHoldsTheAdminTokenThenTheAdministrationApiAcceptsIt() throws Exception {
		Path file = write("nexus.enc.yaml", SopsWriter.yaml(Map.of("NEXUS_ADMIN_TOKEN", ADMIN_TOKEN), KEY.recipient()));
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("NEXUS_SECRETS_FILE", file.toString());
		settings.put("SOPS_AGE_KEY_FILE", write("keys.txt", KEY.keyFile()).toString());
		settings.put("server.port", "0");
		settings.put("management.server.port", "0");
		settings.put("nexus.data-dir", this.temp.resolve("data").toString());
		settings.put("nexus.database.url", TestDatabase.url());
		settings.put("nexus.database.username", TestDatabase.USER);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NexusIamApplication.class)
			.run(arguments(settings))) {
			assertThat(context.getBean(AdminProperties.class).token()).isEqualTo(ADMIN_TOKEN);
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(revokeAll(port, ADMIN_TOKEN)).isEqualTo(200);
			assertThat(revokeAll(port, "Wrong7Rw2Nq9Vx4Tz1Lp6Hc3Fb8Ym5Sg0")).isEqualTo(401);
		}
	}

	@Test
	void startWhenFileVariablesAndDirectoryHoldSecretsThenTheyAreBound() throws IOException {
		Path directory = Files.createDirectory(this.temp.resolve("run-secrets"));
		Files.writeString(directory.resolve("NEXUS_DATABASE_PASSWORD"), "database-password\n");
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("NEXUS_ADMIN_TOKEN_FILE", write("admin-token", ADMIN_TOKEN + "\n").toString());
		settings.put("NEXUS_SECRETS_DIR", directory.toString());
		try (ConfigurableApplicationContext context = small(settings)) {
			assertThat(context.getBean(AdminProperties.class).token()).isEqualTo(ADMIN_TOKEN);
			assertThat(context.getBean(DatabaseProperties.class).password()).isEqualTo("database-password");
		}
	}

	@Test
	void startWhenSecretsFileIsDamagedThenAbortsNamingTheFile() throws IOException {
		String written = SopsWriter.dotenv(Map.of("NEXUS_ADMIN_TOKEN", ADMIN_TOKEN), KEY.recipient());
		Path file = write("nexus.enc.env", SopsFileTests.flipFirstDataByte(written, 0));
		Map<String, String> settings = Map.of("NEXUS_SECRETS_FILE", file.toString(), "SOPS_AGE_KEY", KEY.identity());
		assertThatExceptionOfType(SecretsException.class)
			.isThrownBy(() -> new SpringApplicationBuilder(NexusIamApplication.class).run(arguments(settings)).close())
			.withMessageContaining(file.toString())
			.withMessageNotContaining(ADMIN_TOKEN);
	}

	@Test
	void startInProductionWhenSecretsFileHoldsPlaceholdersThenRefusesNamingEach() {
		// the shipped example file: its values are placeholders, checked like any other setting
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("NEXUS_SECRETS_FILE", "ops/secrets/example.enc.env");
		settings.put("SOPS_AGE_KEY_FILE", "ops/secrets/example-age-key.txt");
		settings.put("nexus.mode", "production");
		settings.put("nexus.public-url", "https://iam.nexus.example");
		settings.put("nexus.database.url", TestDatabase.url());
		settings.put("nexus.token.signing-keys", new JWKSet(SigningKeys.generate()).toString(false));
		settings.put("server.port", "0");
		settings.put("management.server.port", "0");
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(NexusIamApplication.class)
			.run(arguments(settings))
			.close()).satisfies((ex) -> {
				Throwable refusal = ex;
				while (!refusal.getMessage().startsWith("Refusing to start in production mode")) {
					refusal = refusal.getCause();
				}
				assertThat(refusal.getMessage()).contains("NEXUS_ADMIN_TOKEN looks like a placeholder",
						"NEXUS_LOGIN_STATE_SECRET looks like a placeholder",
						"NEXUS_TOKEN_REFRESH_TOKEN_SECRET looks like a placeholder",
						"NEXUS_DATABASE_PASSWORD looks like a placeholder")
					.doesNotContain("replace-me");
			});
	}

	@Test
	void startWhenAFileVariableNamesAMissingFileThenAbortsNamingTheVariable() {
		Map<String, String> settings = Map.of("NEXUS_MAIL_PASSWORD_FILE", this.temp.resolve("absent").toString());
		assertThatExceptionOfType(SecretsException.class).isThrownBy(() -> small(settings).close())
			.withMessageContaining("NEXUS_MAIL_PASSWORD_FILE");
	}

	private static ConfigurableApplicationContext small(Map<String, String> settings) {
		return new SpringApplicationBuilder(Properties.class).web(WebApplicationType.NONE).run(arguments(settings));
	}

	private static String[] arguments(Map<String, String> settings) {
		List<String> arguments = new ArrayList<>();
		settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments.toArray(String[]::new);
	}

	private static int revokeAll(String port, String token) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/api/admin/users/" + UUID.randomUUID() + "/revoke-all"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.temp.resolve(name), content);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ AdminProperties.class, DatabaseProperties.class })
	static class Properties {
	}
}
