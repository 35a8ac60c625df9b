package nexus.iam.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A relying party built on Authlib (Debian's {@code python3-authlib}, an OAuth and OpenID
 * Connect library independent of Spring's), run as {@code /usr/bin/python3} with the script
 * {@code relying-parties/authlib/relying_party.py}: one command per call (authorization code with
 * PKCE, refresh, userinfo, introspection, revocation, client credentials, registration), its
 * parameters as JSON on standard input, the provider's answer as JSON on standard output.
 */
public final class AuthlibRelyingParty {

	/** Debian's Python, which has the distribution's Authlib; a {@code python3} on PATH may be another one. */
	private static final String PYTHON = "/usr/bin/python3";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path script;

	private final String issuer;

	public AuthlibRelyingParty(String issuer) {
		this.issuer = issuer;
	}

	/**
	 * Runs {@code command} with these parameters (the issuer added) and returns what it printed:
	 * the provider's answer, or {@code {"error": …}} when the provider answered an OAuth error.
	 */
	public JsonNode run(String command, Map<String, ?> parameters) {
		Map<String, Object> all = new java.util.LinkedHashMap<>(parameters);
		all.put("issuer", this.issuer);
		try {
			Path input = Files.createTempFile("nexus-authlib", ".json");
			Path output = Files.createTempFile("nexus-authlib", ".out");
			Path errors = Files.createTempFile("nexus-authlib", ".err");
			try {
				Files.writeString(input, JSON.writeValueAsString(all), StandardCharsets.UTF_8);
				Process process = new ProcessBuilder(PYTHON, script().toString(), command)
					.redirectInput(input.toFile())
					.redirectOutput(output.toFile())
					.redirectError(errors.toFile())
					.start();
				if (!process.waitFor(2, TimeUnit.MINUTES)) {
					process.destroyForcibly().waitFor();
					throw new AssertionError("authlib " + command + " did not end: " + Files.readString(errors));
				}
				String printed = Files.readString(output, StandardCharsets.UTF_8);
				if (process.exitValue() != 0) {
					throw new AssertionError("authlib " + command + " failed (exit " + process.exitValue() + "):\n"
							+ Files.readString(errors, StandardCharsets.UTF_8) + printed);
				}
				return JSON.readTree(printed);
			}
			finally {
				Files.deleteIfExists(input);
				Files.deleteIfExists(output);
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The script, copied out of the test classpath once per run (it may sit inside a jar). */
	private static synchronized Path script() throws IOException {
		if (script == null) {
			Path copy = Files.createTempFile("nexus-authlib-relying-party", ".py");
			copy.toFile().deleteOnExit();
			try (InputStream in = AuthlibRelyingParty.class.getClassLoader()
				.getResourceAsStream("relying-parties/authlib/relying_party.py")) {
				Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
			script = copy;
		}
		return script;
	}
}
